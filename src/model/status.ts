/**
 * What a status code is, as every stage names it: its class, and whose meaning
 * applies. Pure types, so the registry, the tally and the renderers share them
 * without depending on each other.
 */

/** Whose meaning a status code entry describes. */
export type CodeVendor =
  | 'standard'
  | 'nginx'
  | 'apache'
  | 'iis'
  | 'cloudflare'
  | 'aws-elb'
  | 'esri'
  | 'spring'
  | 'twitter'
  | 'laravel'
  | 'shopify'
  | 'microsoft'
  | 'pantheon'
  | 'qualys'
  | 'proxy';

/**
 * Which server wrote a log line (the vendor of the format that parsed it). Maps keyed by it are
 * typed Record<LogVendor, …>, so a new vendor makes the compiler list every place it needs a value.
 */
export type LogVendor =
  | 'nginx'
  | 'apache'
  | 'iis'
  | 'cloudflare'
  | 'aws-elb'
  | 'caddy'
  | 'traefik'
  | 'aws-cloudfront'
  | 'gcp'
  | 'haproxy'
  | 'envoy';

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'other';

/** Every status class, in the order reports list them: 'other' (outside 100-599) last. */
export const STATUS_CLASSES: readonly StatusClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx', 'other'];

/** The index of 'other' in STATUS_CLASSES. */
export const OTHER_CLASS_INDEX = 5;

/**
 * The index in STATUS_CLASSES of an integer status's class: 0-4 for 100-599, OTHER_CLASS_INDEX
 * for anything else. Counters keep their class counts in arrays in this order.
 */
export function statusClassIndex(status: number): number {
  return status >= 100 && status < 600 ? ((status / 100) | 0) - 1 : OTHER_CLASS_INDEX;
}

/** The class of an integer status: '5xx' for 503, 'other' for 0, 9 or 600. */
export function statusClassOf(status: number): StatusClass {
  return STATUS_CLASSES[statusClassIndex(status)]!;
}

/** Client-side codes that point at a server problem whenever they are frequent: the client gave up waiting. */
export const CLIENT_GAVE_UP_CODES: readonly number[] = [460, 499];
/** Client-side codes that point at a server problem only as a burst (timeouts, rate limits). */
export const BURST_ONLY_CODES: readonly number[] = [408, 429];

/** Whether triage judges a status: every 5xx, and the client-side signals of a server problem. */
export function isTriagedStatus(status: number): boolean {
  return (status >= 500 && status <= 599) || CLIENT_GAVE_UP_CODES.includes(status) || BURST_ONLY_CODES.includes(status);
}
