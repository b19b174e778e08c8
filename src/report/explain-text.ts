import { firstDefinedIn } from '../codes/first-defined.js';
import { classLabel } from '../codes/classes.js';
import { vendorName } from '../codes/vendor-names.js';
import type { CodeMeaning } from '../codes/types.js';
import type { CodeVendor, StatusClass } from '../model/status.js';

/** One block of `logcodes explain` output. */
export type ExplainItem =
  | {
      kind: 'meaning';
      meaning: CodeMeaning;
      /** Shown under the heading, e.g. why the standard meaning stands in for a vendor's. */
      note?: string;
    }
  | {
      kind: 'unregistered';
      code: number;
      class: StatusClass;
      /** Vendors that do define the code, when the one asked for does not. */
      otherVendors?: readonly CodeVendor[];
      requestedVendor?: CodeVendor;
    };

const LABEL_WIDTH = 14;
const INDENT = '  ';

/** Greedy word wrap; a single word longer than the width is left whole rather than broken. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

function field(label: string, value: string, width: number): string[] {
  const textWidth = Math.max(20, width - INDENT.length - LABEL_WIDTH);
  const padding = ' '.repeat(INDENT.length + LABEL_WIDTH);
  return wrap(value, textWidth).map((text, index) =>
    index === 0 ? `${INDENT}${`${label}:`.padEnd(LABEL_WIDTH)}${text}` : `${padding}${text}`,
  );
}

/** The id is what --vendor takes; the name helps when the id alone is cryptic. */
function vendorText(vendor: CodeVendor): string {
  const name = vendorName(vendor);
  return name === vendor ? vendor : `${vendor} (${name})`;
}

function renderMeaning(meaning: CodeMeaning, note: string | undefined, width: number): string[] {
  const lines = [`${meaning.code} ${meaning.reason}`];
  if (note) lines.push(...wrap(`(${note})`, width - INDENT.length).map((text) => `${INDENT}${text}`));
  lines.push(
    ...field('Vendor', `${vendorText(meaning.vendor)}, ${meaning.official ? 'official' : 'unofficial'}`, width),
    ...field('Class', `${meaning.class} ${classLabel(meaning.class)}`, width),
  );
  if (meaning.formerReasons?.length) lines.push(...field('Formerly', meaning.formerReasons.join('; '), width));
  if (meaning.rfc) lines.push(...field('RFC', meaning.rfc, width));
  if (meaning.httpVersion) lines.push(...field('Defined in', firstDefinedIn(meaning.httpVersion), width));
  lines.push(
    ...field('Cacheable', meaning.cacheable ? 'yes, by default' : 'no, not by default', width),
    ...field('Meaning', meaning.description, width),
  );
  if (meaning.cause) lines.push(...field('Likely cause', meaning.cause, width));
  if (meaning.lookFirst) lines.push(...field('Look first', meaning.lookFirst, width));
  if (meaning.retry) lines.push(...field('Retry', meaning.retry, width));
  return lines;
}

function renderUnregistered(item: Extract<ExplainItem, { kind: 'unregistered' }>, width: number): string[] {
  const classText = `${item.class} ${classLabel(item.class)}`;
  if (item.otherVendors?.length && item.requestedVendor) {
    const missing =
      item.requestedVendor === 'standard'
        ? 'has no standard meaning'
        : `has no ${item.requestedVendor} meaning and no standard one`;
    return wrap(`${item.code}: ${missing} (class ${classText}); defined by: ${item.otherVendors.join(', ')}.`, width);
  }
  return wrap(`${item.code}: not a registered status code; its class is ${classText}.`, width);
}

/** Plain text for a terminal or a pipe, wrapped to `width` columns. */
export function renderExplainText(items: readonly ExplainItem[], width = 80): string {
  const blocks = items.map((item) =>
    (item.kind === 'meaning' ? renderMeaning(item.meaning, item.note, width) : renderUnregistered(item, width)).join('\n'),
  );
  return blocks.length > 0 ? `${blocks.join('\n\n')}\n` : '';
}
