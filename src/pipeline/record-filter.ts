import { BlockList, isIP } from 'node:net';
import type { LineParser } from '../formats/parser.js';
import type { LogRecord } from '../formats/record.js';
import type { ReportFilter } from '../model/report.js';

/**
 * --status, --path, --host, --method, --client and --upstream: which records a run counts.
 *
 * The options are compiled once into a predicate that the source processor asks about each record
 * inside the window, before the tally sees it. Values of one option are alternatives (`--status
 * 5xx,499` is a 5xx or a 499); different options must all hold. A status filter reads the parser's
 * hot fields only, so it keeps the fast path: no record is built for a line it turns away. The other
 * fields are in the record, which is built only when one of them is asked about, and only for a
 * line whose status passed.
 */
export interface FilterOptions {
  status?: readonly string[];
  path?: readonly string[];
  host?: readonly string[];
  method?: readonly string[];
  client?: readonly string[];
  upstream?: readonly string[];
}

/** A filter option's name as the command line spells it, for messages and the report. */
export type FilterField = keyof FilterOptions;

export const FILTER_FIELDS: readonly FilterField[] = ['status', 'path', 'host', 'method', 'client', 'upstream'];

/** A value a filter option cannot take; the message is one line and names the option. */
export class FilterError extends Error {}

export interface RecordFilter {
  /** True when the record the parser scanned last is one to count. */
  accepts(parser: LineParser): boolean;
  /** The options as given, each list split at commas: what the report says was applied. */
  readonly applied: Omit<ReportFilter, 'excluded'>;
}

/** Splits repeatable, comma-separated option values into one list, dropping empty entries. */
function valuesOf(texts: readonly string[] | undefined): string[] {
  if (texts === undefined) return [];
  return texts.flatMap((text) => text.split(',')).map((value) => value.trim()).filter((value) => value.length > 0);
}

const STATUS_SLOTS = 1000;

/** `5xx`, `499`, `500-504`: a table of the statuses 0-999 accepted. */
function compileStatus(values: readonly string[]): Uint8Array {
  const accepted = new Uint8Array(STATUS_SLOTS);
  for (const value of values) {
    const cls = /^([1-5])xx$/i.exec(value);
    if (cls) {
      accepted.fill(1, Number(cls[1]) * 100, Number(cls[1]) * 100 + 100);
      continue;
    }
    const range = /^(\d{3})(?:-(\d{3}))?$/.exec(value);
    if (range) {
      const low = Number(range[1]);
      const high = range[2] !== undefined ? Number(range[2]) : low;
      if (low < 100 || high < low) throw new FilterError(`--status '${value}': a range runs from a lower status to a higher one, 100-999`);
      accepted.fill(1, low, high + 1);
      continue;
    }
    throw new FilterError(`--status '${value}': use a code (499), a class (5xx) or a range (500-504), separated by commas`);
  }
  return accepted;
}

/**
 * A shell-style glob as a regular expression over the whole value: `*` is any run of characters,
 * slashes included (`/api/*` is everything under /api/), `?` one character; the rest is literal.
 */
export function globToRegExp(glob: string, flags = ''): RegExp {
  let source = '';
  for (const char of glob) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, `s${flags}`);
}

function compilePath(values: readonly string[]): RegExp[] {
  return values.map((value) => {
    if (!value.startsWith('/') && !value.startsWith('*')) {
      throw new FilterError(`--path '${value}': a path starts with / (a glob such as '/api/*')`);
    }
    return globToRegExp(value);
  });
}

/** Host names compare without case, and with or without the port a log may keep beside them. */
function compileHost(values: readonly string[]): RegExp[] {
  return values.map((value) => globToRegExp(value.toLowerCase(), 'i'));
}

const METHOD = /^[A-Za-z][A-Za-z-]*$/;

function compileMethod(values: readonly string[]): Set<string> {
  for (const value of values) {
    if (!METHOD.test(value)) throw new FilterError(`--method '${value}': a method is a word such as GET or POST`);
  }
  return new Set(values.map((value) => value.toUpperCase()));
}

/**
 * IPv4 and IPv6 addresses and CIDR blocks, in node's own address matcher. An IPv4-mapped IPv6
 * client (::ffff:10.1.2.3, as a dual-stack socket logs it) is in the IPv4 block it maps.
 */
function compileClient(values: readonly string[]): BlockList {
  const list = new BlockList();
  for (const value of values) {
    const [address = '', prefix, extra] = value.split('/');
    const family = isIP(address);
    if (family === 0 || extra !== undefined) {
      throw new FilterError(`--client '${value}': use an IPv4 or IPv6 address or a CIDR block (10.0.0.0/8, 2001:db8::/32)`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
    if (!(bits >= 0 && bits <= (family === 4 ? 32 : 128))) {
      throw new FilterError(`--client '${value}': the prefix length of an IPv${family} block is 0 to ${family === 4 ? 32 : 128}`);
    }
    list.addSubnet(address, bits, type);
  }
  return list;
}

function anyMatches(patterns: readonly RegExp[], value: string): boolean {
  for (const pattern of patterns) if (pattern.test(value)) return true;
  return false;
}

/** A host as logs write it: `example.com`, `example.com:8443`, `[2001:db8::1]:443`. */
function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    return close > 0 ? host.slice(1, close) : host;
  }
  const colon = host.indexOf(':');
  return colon > 0 && host.indexOf(':', colon + 1) < 0 ? host.slice(0, colon) : host;
}

/** A client as logs write it: an address, with a port in some formats, an IPv6 one in brackets. */
function clientAddress(client: string): string | undefined {
  if (isIP(client) !== 0) return client;
  const bare = hostWithoutPort(client);
  return isIP(bare) !== 0 ? bare : undefined;
}

/** The compiled filter, or undefined when no filter option was given. Throws FilterError on a bad value. */
export function compileFilter(options: FilterOptions): RecordFilter | undefined {
  const given = Object.fromEntries(FILTER_FIELDS.map((field) => [field, valuesOf(options[field])])) as Record<FilterField, string[]>;
  for (const field of FILTER_FIELDS) {
    if (options[field] !== undefined && options[field].length > 0 && given[field].length === 0) {
      throw new FilterError(`--${field} needs a value`);
    }
  }
  if (FILTER_FIELDS.every((field) => given[field].length === 0)) return undefined;

  const statuses = given.status.length > 0 ? compileStatus(given.status) : undefined;
  const paths = given.path.length > 0 ? compilePath(given.path) : undefined;
  const hosts = given.host.length > 0 ? compileHost(given.host) : undefined;
  const methods = given.method.length > 0 ? compileMethod(given.method) : undefined;
  const clients = given.client.length > 0 ? compileClient(given.client) : undefined;
  const upstreams = given.upstream.length > 0 ? given.upstream.map((value) => globToRegExp(value)) : undefined;
  const needsRecord = paths !== undefined || hosts !== undefined || methods !== undefined || clients !== undefined || upstreams !== undefined;
  // detail() carries path, host, client and upstream but may leave the method out.
  const needsFullRecord = methods !== undefined;

  const recordMatches = (record: LogRecord): boolean => {
    if (paths !== undefined && (record.path === undefined || !anyMatches(paths, record.path))) return false;
    if (hosts !== undefined) {
      const host = record.host;
      if (host === undefined || !(anyMatches(hosts, host) || anyMatches(hosts, hostWithoutPort(host)))) return false;
    }
    if (methods !== undefined && (record.method === undefined || !methods.has(record.method.toUpperCase()))) return false;
    if (clients !== undefined) {
      const address = record.client !== undefined ? clientAddress(record.client) : undefined;
      if (address === undefined || !clients.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6')) return false;
    }
    if (upstreams !== undefined) {
      const addresses = record.upstream ?? [];
      if (!addresses.some((address) => address !== ':' && address !== '-' && anyMatches(upstreams, address))) return false;
    }
    return true;
  };

  const applied: Omit<ReportFilter, 'excluded'> = {};
  for (const field of FILTER_FIELDS) if (given[field].length > 0) applied[field] = given[field];

  return {
    applied,
    accepts(parser: LineParser): boolean {
      if (statuses !== undefined) {
        const status = parser.hot.status;
        if (!(status >= 0 && status < STATUS_SLOTS && statuses[status] === 1)) return false;
      }
      if (!needsRecord) return true;
      const record = needsFullRecord || parser.detail === undefined ? parser.record() : parser.detail();
      return recordMatches(record);
    },
  };
}
