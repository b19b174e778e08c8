/**
 * Log values are attacker-controlled: a request line can carry terminal escape
 * sequences (retitle the window, hide text, fake output) or bidi overrides
 * that reorder what a reader sees. Every log-derived string goes through here
 * before it reaches a terminal, a Markdown cell or an HTML page.
 */

/**
 * C0 controls (tab and newline included: they break cell layout), DEL, C1
 * controls (0x9b is a one-byte CSI on some terminals), line/paragraph
 * separators, and the invisible bidi marks, embeddings, overrides and isolates.
 * Then the characters that show as nothing, or as blank, yet are counted as
 * text: they hide one path inside another (`/admin\u200b` is not `/admin`) and
 * shift a table's borders, since a terminal draws them zero columns wide. Soft
 * hyphen, combining grapheme joiner, Hangul and Mongolian fillers, zero-width
 * space and joiners, word joiner and the invisible operators, the deprecated
 * format controls, the byte-order mark, interlinear annotation marks, and the
 * tag characters (U+E0000-U+E007F, which can spell hidden ASCII). The combining
 * grapheme joiner stands outside the class: inside one it would combine with its neighbour.
 */
const UNSAFE_CHARS =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}]|\u034f/gu;

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function visibleEscape(char: string): string {
  const named = NAMED_ESCAPES[char];
  if (named !== undefined) return named;
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint <= 0xff) return `\\x${codePoint.toString(16).padStart(2, '0')}`;
  if (codePoint <= 0xffff) return `\\u${codePoint.toString(16).padStart(4, '0')}`;
  return `\\u{${codePoint.toString(16)}}`;
}

/** Replaces every control, escape-sequence introducer and bidi control with a visible escape such as `\x1b` or `\u202e`. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE_CHARS, visibleEscape);
}

/**
 * One GitHub-flavoured Markdown table cell: controls made visible, then every
 * character that could end the cell, open a code span, start HTML or emphasis
 * escaped, so a path like `/a|b` or `<script>` shows as itself. An underscore
 * between two letters or digits (`proxy_read_timeout`) can neither open nor close
 * emphasis, and stays as it is: Slack and Teams show a backslash as written.
 */
export function escapeMarkdownCell(text: string): string {
  return escapeControls(text)
    .replace(/[\\`*[\]|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * A log-derived value as an inline code span inside a GitHub-flavoured Markdown table cell. In a
 * code span nothing is a link (GitHub and most renderers make bare URLs, `www.` names and e-mail
 * addresses clickable anywhere else), emphasis or HTML; only a `|` would still end the cell, and
 * is escaped as GFM allows inside spans. The fence is one backtick longer than the longest run in
 * the value, and padded with spaces when the value starts or ends with one.
 */
export function markdownCode(text: string): string {
  if (text === '') return '';
  const safe = escapeControls(text).replace(/\|/g, '\\|');
  let longest = 0;
  for (const run of safe.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = safe.startsWith('`') || safe.endsWith('`') || (safe.startsWith(' ') && safe.endsWith(' ') && safe.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${safe}${pad}${fence}`;
}

// What GitHub-flavoured Markdown turns into a link without any markup: scheme URLs, `www.` names,
// and e-mail addresses (the extended autolinks of the GFM spec).
const AUTOLINKED = /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<]*[^\s<?!.,:*_~'")\]]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;

/**
 * Prose for a Markdown table cell or list item that may quote log values (triage notes name hosts
 * and upstreams): escaped as a cell, with every URL or e-mail address in it put in a code span so
 * that it shows as text rather than as a live link.
 */
export function markdownProse(text: string): string {
  let out = '';
  let from = 0;
  for (const match of text.matchAll(AUTOLINKED)) {
    out += escapeMarkdownCell(text.slice(from, match.index)) + markdownCode(match[0]);
    from = match.index + match[0].length;
  }
  return out + escapeMarkdownCell(text.slice(from));
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text for HTML element content and quoted attribute values. Controls and bidi
 * marks are made visible too, so a reversed path cannot disguise itself.
 */
export function escapeHtml(text: string): string {
  return escapeControls(text).replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}
