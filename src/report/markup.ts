import { escapeHtml } from './sanitize.js';

/**
 * Markup built only through the `html` tag: interpolated strings are escaped
 * unless they are already Markup, so a log value can never become markup by
 * someone forgetting to escape it.
 */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Interpolation = Markup | string | number | undefined | null | false | readonly Interpolation[];

function piece(value: Interpolation): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Markup) return value.text;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(piece).join('');
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += piece(value) + (strings[i + 1] ?? '');
  });
  return new Markup(out);
}

/** A coordinate or length for SVG attributes and inline positions: short, and never NaN. */
export function n(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '0';
}
