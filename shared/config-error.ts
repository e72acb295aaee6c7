// A configuration problem found at start-up, for the server (environment), the collectors (config files) and
// the client alike: the program reports the message and stops (the server and the collector CLI exit with 2).

/** One problem in a config file: a dotted path inside it ('' for the whole file) and what is wrong there. */
export interface ConfigProblem {
  path: string;
  reason: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';

  /** Every problem of a file, one per line as "<file>: <path>: <reason>", so all can be fixed in one go. */
  static inFile(file: string, problems: ConfigProblem[]): ConfigError {
    return new ConfigError(problems.map((p) => `${file}: ${p.path || '(root)'}: ${p.reason}`).join('\n'));
  }
}
