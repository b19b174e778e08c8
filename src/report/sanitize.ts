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
 */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function visibleEscape(char: string): string {
  const named = NAMED_ESCAPES[char];
  if (named !== undefined) return named;
  const codePoint = char.codePointAt(0) ?? 0;
  return codePoint <= 0xff
    ? `\\x${codePoint.toString(16).padStart(2, '0')}`
    : `\\u${codePoint.toString(16).padStart(4, '0')}`;
}

/** Replaces every control, escape-sequence introducer and bidi control with a visible escape such as `\x1b` or `\u202e`. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE_CHARS, visibleEscape);
}

/**
 * One GitHub-flavoured Markdown table cell: controls made visible, then every
 * character that could end the cell, open a code span, start HTML or emphasis
 * escaped, so a path like `/a|b` or `<script>` shows as itself.
 */
export function escapeMarkdownCell(text: string): string {
  return escapeControls(text)
    .replace(/[\\`*_[\]|~]/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
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
