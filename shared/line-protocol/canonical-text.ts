// Whether a number token is spelled exactly as the formatter writes its value, so a parsed line can be stored as
// received (see ParsedLine.seriesText). Both checks may say no to a canonical spelling (the line is then formatted,
// which is only slower) but never yes to a non-canonical one.

const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** `-`? digits in `body[start, end)` (already valid): true unless it has leading zeros or is `-0`. */
export function isCanonicalInteger(body: string, start: number, end: number): boolean {
  let i = start;
  if (body.charCodeAt(i) === MINUS) {
    i++;
    return body.charCodeAt(i) !== ZERO;
  }
  return body.charCodeAt(i) !== ZERO || end - i === 1;
}

/**
 * A float token (already valid) that String(value) gives back: plain decimal notation, no leading zeros, no trailing
 * zeros after the point, at most 15 digits and at least 1e-6. Why that suffices: distinct decimals of at most 15
 * significant digits are distinct doubles, so the token is the value's shortest round-trip spelling, and JavaScript
 * writes values in [1e-6, 1e21) without an exponent. `-0` is canonical too (formatFieldValue writes it so).
 */
export function isCanonicalFloat(body: string, start: number, end: number): boolean {
  let i = start;
  if (body.charCodeAt(i) === MINUS) i++;
  const intStart = i;
  let c = body.charCodeAt(i);
  while (i < end && c >= ZERO && c <= NINE) c = body.charCodeAt(++i);
  const intDigits = i - intStart;
  if (intDigits === 0 || intDigits > 15) return false;
  const zeroInt = body.charCodeAt(intStart) === ZERO;
  if (zeroInt && intDigits > 1) return false;
  if (i === end) return true;
  if (c !== DOT) return false;
  const fracStart = ++i;
  c = body.charCodeAt(i);
  while (i < end && c >= ZERO && c <= NINE) c = body.charCodeAt(++i);
  if (i !== end) return false; // an exponent
  const fracDigits = end - fracStart;
  if (fracDigits === 0 || body.charCodeAt(end - 1) === ZERO || intDigits + fracDigits > 15) return false;
  if (zeroInt) {
    let zeros = 0;
    while (body.charCodeAt(fracStart + zeros) === ZERO) zeros++;
    if (zeros > 5) return false; // below 1e-6: JavaScript writes an exponent
  }
  return true;
}
