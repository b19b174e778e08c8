import { firstDefinedIn } from '../codes/first-defined.js';
import { classOf } from '../codes/classes.js';
import { meaningsOf } from '../codes/registry.js';
import { meaningsForAll, meaningsForQuery, parseCodeQuery } from '../codes/select.js';
import { vendorNamed, vendors } from '../codes/vendor-names.js';
import type { CodeQuery } from '../codes/select.js';
import type { CodeMeaning } from '../codes/types.js';
import type { CodeVendor } from '../model/status.js';
import { renderExplainText } from '../report/explain-text.js';
import type { ExplainItem } from '../report/explain-text.js';
import type { ExplainOptions } from './options.js';
import { UsageError } from '../model/errors.js';

function parseVendor(value: string | undefined): CodeVendor | undefined {
  if (value === undefined) return undefined;
  const vendor = vendorNamed(value);
  if (vendor !== undefined) return vendor;
  throw new UsageError(`unknown vendor "${value}"; valid vendors: ${vendors.join(', ')}`);
}

function parseOutput(options: ExplainOptions): 'text' | 'json' {
  if (options.json) return 'json';
  const output = options.output ?? 'text';
  if (output === 'json') return 'json';
  if (output === 'text' || output === 'table') return 'text';
  throw new UsageError(`explain prints text or json, not "${output}"`);
}

function parseQueries(words: readonly string[]): CodeQuery[] {
  return words.map((word) => {
    const query = parseCodeQuery(word);
    if (!query) {
      throw new UsageError(`"${word}" is neither a status code (100-599) nor a class such as 5xx`);
    }
    return query;
  });
}

function noteFor(meaning: CodeMeaning, query: CodeQuery, vendor: CodeVendor | undefined): string | undefined {
  if (!vendor || query.kind !== 'code' || meaning.vendor === vendor) return undefined;
  return `${vendor} gives ${meaning.code} no meaning of its own; the standard meaning applies`;
}

/** What to print for one word; a code nobody registers still gets its class. */
function itemsFor(query: CodeQuery, vendor: CodeVendor | undefined): ExplainItem[] {
  const meanings = meaningsForQuery(query, vendor);
  if (meanings.length > 0) {
    return meanings.map((meaning) => ({ kind: 'meaning', meaning, note: noteFor(meaning, query, vendor) }));
  }
  if (query.kind === 'class') return [];
  const otherVendors = meaningsOf(query.code).map((meaning) => meaning.vendor);
  return [{ kind: 'unregistered', code: query.code, class: classOf(query.code), otherVendors, requestedVendor: vendor }];
}

function sameMeaning(a: CodeMeaning, b: CodeMeaning): boolean {
  return a.code === b.code && a.vendor === b.vendor;
}

/** `explain 5xx 502` would list 502 twice; keep its first appearance. */
function withoutRepeats(items: readonly ExplainItem[]): ExplainItem[] {
  const kept: ExplainItem[] = [];
  for (const item of items) {
    const repeated = kept.some((seen) =>
      item.kind === 'meaning'
        ? seen.kind === 'meaning' && sameMeaning(seen.meaning, item.meaning)
        : seen.kind === 'unregistered' && seen.code === item.code,
    );
    if (!repeated) kept.push(item);
  }
  return kept;
}

function unregisteredNote(item: Extract<ExplainItem, { kind: 'unregistered' }>): string {
  if (item.otherVendors?.length && item.requestedVendor) {
    const missing =
      item.requestedVendor === 'standard'
        ? 'has no standard meaning'
        : `has no ${item.requestedVendor} meaning and no standard one`;
    return `${item.code} ${missing} (defined by: ${item.otherVendors.join(', ')})`;
  }
  return `${item.code} is not a registered status code (class ${item.class})`;
}

export function runExplain(words: readonly string[], options: ExplainOptions): void {
  const vendor = parseVendor(options.vendor);
  const output = parseOutput(options);
  if (options.all && words.length > 0) throw new UsageError('give status codes or --all, not both');
  if (!options.all && words.length === 0) {
    throw new UsageError('give at least one status code or class (e.g. 502 or 5xx), or --all');
  }

  const items = options.all
    ? meaningsForAll(vendor).map((meaning): ExplainItem => ({ kind: 'meaning', meaning }))
    : withoutRepeats(parseQueries(words).flatMap((query) => itemsFor(query, vendor)));

  if (output === 'json') {
    for (const item of items) if (item.kind === 'unregistered') process.stderr.write(`logcodes: ${unregisteredNote(item)}\n`);
    // httpVersion stays as the reference table has it; firstDefined says it in words.
    const meanings = items.flatMap((item) =>
      item.kind === 'meaning' ? [item.meaning.httpVersion ? { ...item.meaning, firstDefined: firstDefinedIn(item.meaning.httpVersion) } : item.meaning] : [],
    );
    process.stdout.write(`${JSON.stringify(meanings, null, 2)}\n`);
    return;
  }
  process.stdout.write(renderExplainText(items));
}
