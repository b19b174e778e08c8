/**
 * A flat copy of a string. Strings cut out of a parser's input chunk are V8
 * "sliced" strings that keep the whole chunk (up to 1 MiB) alive; a key kept
 * in a long-lived map must not. `(' ' + s).slice(1)` still yields a sliced
 * string (of a smaller parent); a round trip through a Buffer yields a
 * sequential string that owns its characters.
 */
export function copyString(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
