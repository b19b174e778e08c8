/**
 * One CSV record on one line (RFC 4180 quoting: a field wrapped in double
 * quotes may hold the delimiter, and `""` inside it stands for one quote).
 * Log lines never span lines, so embedded newlines are not considered.
 * Runs in one pass, so hostile input costs linear time. After `maxFields`
 * fields the rest of the line is left unsplit in one last field.
 */
export function splitCsvLine(line: string, delimiter = ',', maxFields = Number.POSITIVE_INFINITY): string[] {
  const fields: string[] = [];
  const delim = delimiter.charCodeAt(0);
  const n = line.length;
  let i = 0;
  for (;;) {
    if (fields.length >= maxFields - 1) {
      fields.push(line.slice(i));
      return fields;
    }
    if (i < n && line.charCodeAt(i) === 0x22 /* " */) {
      let value = '';
      let from = i + 1;
      i = from;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          // Unterminated quote: keep the rest as the value.
          value += line.slice(from);
          i = n;
          break;
        }
        if (line.charCodeAt(q + 1) === 0x22) {
          value += line.slice(from, q + 1);
          i = q + 2;
          from = i;
          continue;
        }
        value += line.slice(from, q);
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the delimiter is kept, as lenient readers do.
      const next = line.indexOf(delimiter, i);
      if (next < 0) {
        fields.push(value + line.slice(i));
        return fields;
      }
      fields.push(value + line.slice(i, next));
      i = next + 1;
      continue;
    }
    let next = i;
    while (next < n && line.charCodeAt(next) !== delim) next++;
    fields.push(line.slice(i, next));
    if (next >= n) return fields;
    i = next + 1;
  }
}
