// A small RFC 4180 CSV reader for feeds and replay files: comma-separated, fields optionally in double quotes
// (with "" for a quote, and commas or line breaks inside), CRLF or LF line ends, a header row naming columns.

/** The rows of `text`, each an array of fields; a final line break does not make an empty row. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      endField();
      if (!(row.length === 1 && row[0] === '')) rows.push(row);
      row = [];
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** Rows as records keyed by the header's column names (trimmed); `row` counts data rows from 1. */
export function parseCsvRecords(text: string): {
  header: string[];
  records: { row: number; values: Record<string, string> }[];
} {
  const [header = [], ...rows] = parseCsvRows(text);
  const names = header.map((h) => h.trim().replace(/^\uFEFF/, ''));
  return {
    header: names,
    records: rows.map((r, i) => ({
      row: i + 1,
      values: Object.fromEntries(names.map((n, k) => [n, (r[k] ?? '').trim()])),
    })),
  };
}
