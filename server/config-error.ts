// A configuration problem found at start-up: the server prints its message and exits with status 2.
export class ConfigError extends Error {
  override name = 'ConfigError';
}
