import type { FormatDefinition } from './parser.js';
import { nginxFormats } from './nginx.js';
import { apacheFormats } from './apache.js';
import { iisFormats } from './iis.js';
import { cloudflareFormats } from './cloudflare.js';
import { albFormats } from './alb.js';
import { caddyFormats } from './caddy.js';
import { traefikFormats } from './traefik.js';
import { cloudfrontFormats } from './cloudfront.js';
import { gcpFormats } from './gcp.js';
import { haproxyFormats } from './haproxy.js';
import { envoyFormats } from './envoy.js';

/** Every built-in format, in the order detection breaks ties. */
export const builtinFormats: readonly FormatDefinition[] = [
  ...nginxFormats,
  ...apacheFormats,
  ...iisFormats,
  ...cloudflareFormats,
  ...albFormats,
  ...caddyFormats,
  ...traefikFormats,
  ...cloudfrontFormats,
  ...gcpFormats,
  ...haproxyFormats,
  ...envoyFormats,
];

export function findFormat(name: string): FormatDefinition | undefined {
  return builtinFormats.find((format) => format.name === name);
}
