/** Reading Markdown the way a GitHub-flavoured Markdown parser does, for the Markdown renderers' tests. */

/** A line with its code spans (a run of n backticks to the next run of exactly n) and backslash escapes removed. */
export function outsideCodeSpans(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; ) {
    if (line[i] === '\\') {
      i += 2;
      continue;
    }
    if (line[i] !== '`') {
      out += line[i];
      i += 1;
      continue;
    }
    const fence = /^`+/.exec(line.slice(i))![0];
    const close = new RegExp(`(?<!\`)${fence}(?!\`)`, 'g');
    close.lastIndex = i + fence.length;
    const end = close.exec(line);
    if (!end) return out + line.slice(i);
    i = end.index + fence.length;
  }
  return out;
}

// What GitHub-flavoured Markdown links without markup: scheme URLs, www. names, e-mail addresses.
export const AUTOLINK = /(?:https?|ftp):\/\/|www\.|[\w.+-]+@[\w-]+\.\w/i;
