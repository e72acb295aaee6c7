// The error the parser returns (never throws) for one bad line: where it is, why, and the line's text.

/** Longest `text` kept, in characters; longer lines are cut and end with an ellipsis. */
export const ERROR_TEXT_MAX = 200;

export interface LineProtocolErrorInit {
  /** 1-based line number in the body (blank and comment lines count). */
  line: number;
  /** 1-based column in Unicode characters (code points) within the line. */
  column: number;
  /** Short human text, e.g. "missing fields". */
  reason: string;
  /** The offending line, without its line break; truncated here. */
  text: string;
  /** The field key, when the error is about one field. */
  field?: string;
}

export class LineProtocolError extends Error {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
  readonly field?: string;
  readonly text: string;

  constructor(init: LineProtocolErrorInit) {
    super(`line ${init.line}, column ${init.column}: ${init.reason}`);
    this.name = 'LineProtocolError';
    this.line = init.line;
    this.column = init.column;
    this.reason = init.reason;
    if (init.field !== undefined) this.field = init.field;
    this.text = truncateText(init.text);
  }
}

function truncateText(text: string): string {
  if (text.length <= ERROR_TEXT_MAX) return text;
  let cut = ERROR_TEXT_MAX;
  const c = text.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--; // do not split a surrogate pair
  return `${text.slice(0, cut)}…`;
}
