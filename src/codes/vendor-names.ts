import type { CodeVendor } from '../model/status.js';

/**
 * Every vendor id, in the order meanings of one code are listed: standard first.
 * Kept out of the registry so that the `explain` command can name the vendors
 * in its help without loading every meaning at startup.
 */
export const vendors: readonly CodeVendor[] = Object.freeze([
  'standard',
  'nginx',
  'apache',
  'iis',
  'cloudflare',
  'aws-elb',
  'traefik',
  'esri',
  'spring',
  'twitter',
  'laravel',
  'shopify',
  'microsoft',
  'pantheon',
  'qualys',
  'proxy',
] as const satisfies readonly CodeVendor[]);

const VENDOR_NAMES: Readonly<Record<CodeVendor, string>> = {
  standard: 'HTTP standard',
  nginx: 'nginx',
  apache: 'Apache httpd / cPanel hosting',
  iis: 'Microsoft IIS / Exchange',
  cloudflare: 'Cloudflare',
  'aws-elb': 'AWS Elastic Load Balancing',
  traefik: 'Traefik Proxy',
  esri: 'Esri ArcGIS Server',
  spring: 'Spring Framework',
  twitter: 'Twitter API',
  laravel: 'Laravel',
  shopify: 'Shopify',
  microsoft: 'Microsoft Windows',
  pantheon: 'Pantheon',
  qualys: 'Qualys SSL Labs',
  proxy: 'proxies and other informal uses',
};

/** A human name for a vendor id, for text output next to the id itself. */
export function vendorName(vendor: CodeVendor): string {
  return VENDOR_NAMES[vendor];
}

/**
 * Other names people give the vendors (the product rather than the company, a service's
 * abbreviation), so `--vendor arcgis` finds Esri's meanings.
 */
const VENDOR_ALIASES: Readonly<Record<string, CodeVendor>> = {
  arcgis: 'esri',
  httpd: 'apache',
  cpanel: 'apache',
  exchange: 'iis',
  aws: 'aws-elb',
  elb: 'aws-elb',
  alb: 'aws-elb',
  windows: 'microsoft',
  ssllabs: 'qualys',
};

/** The vendor a name given by a user stands for (an id or an alias, in any case), if any. */
export function vendorNamed(name: string): CodeVendor | undefined {
  const key = name.trim().toLowerCase();
  return vendors.find((vendor) => vendor === key) ?? VENDOR_ALIASES[key];
}
