import type { CodeVendor } from './types.js';

const VENDOR_NAMES: Readonly<Record<CodeVendor, string>> = {
  standard: 'HTTP standard',
  nginx: 'nginx',
  apache: 'Apache httpd / cPanel hosting',
  iis: 'Microsoft IIS / Exchange',
  cloudflare: 'Cloudflare',
  'aws-elb': 'AWS Elastic Load Balancing',
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
