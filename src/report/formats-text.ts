import { escapeControls } from './sanitize.js';

export interface FormatListing {
  name: string;
  vendor: string;
  description: string;
  detection: string;
  example: string;
}

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    if (current && current.length + 1 + word.length > width - indent.length) {
      lines.push(indent + current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(indent + current);
  return lines.join('\n');
}

/**
 * `logcodes formats` as text. On a terminal (`columns` given) example lines are cut to the width
 * rather than wrapped, so they stay one line; elsewhere (a pipe, a file) they are whole, to be copied.
 */
export function renderFormatList(formats: readonly FormatListing[], columns: number | undefined): string {
  const width = Math.max(40, Math.min(columns ?? 80, 120));
  const parts = formats.map((format) => {
    const example = escapeControls(format.example);
    const cut = columns !== undefined && example.length > width - 4 ? `${example.slice(0, width - 5)}…` : example;
    return [
      `${format.name}  (${format.vendor})`,
      wrap(format.description, width, '  '),
      wrap(`Detected by: ${format.detection}`, width, '  '),
      `  e.g. ${cut}`,
    ].join('\n');
  });
  const custom = wrap(
    "Any other layout: pass the server's own format string with --log-format (an nginx log_format or an Apache LogFormat, pasted as it is in the config).",
    width,
    '',
  );
  return `${parts.join('\n\n')}\n\n${custom}\n`;
}
