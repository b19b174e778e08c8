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

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'other';
