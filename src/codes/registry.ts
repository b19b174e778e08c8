import { classOf } from './classes.js';
import { STANDARD_MEANINGS } from './standard.js';
import { UNOFFICIAL_MEANINGS } from './unofficial.js';
import { SERVER_VENDOR_MEANINGS } from './vendors.js';
import { vendors } from './vendor-names.js';
import type { CodeMeaning } from './types.js';
import type { CodeVendor, LogVendor, StatusClass } from '../model/status.js';

const VENDOR_RANK: ReadonlyMap<CodeVendor, number> = new Map(vendors.map((vendor, index) => [vendor, index]));

function byCodeThenVendor(a: CodeMeaning, b: CodeMeaning): number {
  return a.code - b.code || (VENDOR_RANK.get(a.vendor) ?? 0) - (VENDOR_RANK.get(b.vendor) ?? 0);
}

const ALL: readonly CodeMeaning[] = Object.freeze(
  [...STANDARD_MEANINGS, ...UNOFFICIAL_MEANINGS, ...SERVER_VENDOR_MEANINGS].sort(byCodeThenVendor),
);

// One pass at load time keeps every lookup a Map access; there are about a hundred entries.
const BY_CODE: ReadonlyMap<number, readonly CodeMeaning[]> = (() => {
  const index = new Map<number, CodeMeaning[]>();
  for (const meaning of ALL) {
    const list = index.get(meaning.code);
    if (list) list.push(meaning);
    else index.set(meaning.code, [meaning]);
  }
  return index;
})();

const NONE: readonly CodeMeaning[] = Object.freeze([]);

/** Every registered meaning, ordered by code and then by vendor (standard first). */
export function allMeanings(): readonly CodeMeaning[] {
  return ALL;
}

/** Every meaning of one code, standard first; empty when the code is not registered. */
export function meaningsOf(code: number): CodeMeaning[] {
  return [...(BY_CODE.get(code) ?? NONE)];
}

/** The vendor's own meaning when it defines one, else the standard meaning, else undefined. */
export function meaningFor(code: number, vendor: CodeVendor): CodeMeaning | undefined {
  const list = BY_CODE.get(code);
  if (!list) return undefined;
  let standard: CodeMeaning | undefined;
  for (const meaning of list) {
    if (meaning.vendor === vendor) return meaning;
    if (meaning.vendor === 'standard') standard = meaning;
  }
  return standard;
}

/** Whose meanings of the codes apply to each log vendor's records: 'standard' for plain HTTP. */
const LOG_VENDOR_TO_CODE_VENDOR: Readonly<Record<LogVendor, CodeVendor>> = {
  nginx: 'nginx',
  apache: 'apache',
  iis: 'iis',
  cloudflare: 'cloudflare',
  'aws-elb': 'aws-elb',
  caddy: 'standard',
  traefik: 'standard',
  'aws-cloudfront': 'standard',
  gcp: 'standard',
  haproxy: 'standard',
  envoy: 'standard',
};

/** 'alb' and 'elb' are spellings other tools use for the AWS load balancers. */
const LOG_VENDOR_ALIASES: Readonly<Record<string, CodeVendor>> = { alb: 'aws-elb', elb: 'aws-elb' };

/** Whose codes a log's vendor uses; unknown sources speak plain standard HTTP. */
export function vendorOfLog(logVendor: string): CodeVendor {
  if (Object.hasOwn(LOG_VENDOR_TO_CODE_VENDOR, logVendor)) return LOG_VENDOR_TO_CODE_VENDOR[logVendor as LogVendor];
  return LOG_VENDOR_ALIASES[logVendor] ?? 'standard';
}

/** What a report row shows for one status code seen in a log of the given vendor. */
export interface StatusDescription {
  code: number;
  class: StatusClass;
  /** The log's vendor when it gives the code its own meaning, else 'standard'. */
  vendor: CodeVendor;
  /** Reason phrase, or 'Unknown 5xx' / 'Non-standard status' for codes outside the registry. */
  meaning: string;
  entry?: CodeMeaning;
}

export function describeStatus(code: number, logVendor: string): StatusDescription {
  const statusClass = classOf(code);
  if (statusClass === 'other') {
    return { code, class: statusClass, vendor: 'standard', meaning: 'Non-standard status' };
  }
  const entry = meaningFor(code, vendorOfLog(logVendor));
  if (!entry) {
    return { code, class: statusClass, vendor: 'standard', meaning: `Unknown ${statusClass}` };
  }
  return { code, class: statusClass, vendor: entry.vendor, meaning: entry.reason, entry };
}
