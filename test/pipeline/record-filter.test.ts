import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileFilter, FilterError, globToRegExp, type FilterOptions } from '../../src/pipeline/record-filter.js';
import { analyze } from '../../src/pipeline/analyze.js';
import { builtinFormats, findFormat } from '../../src/formats/builtin.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from '../../src/formats/parser.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const nginxLog = `${root}fixtures/real/nginx-combined.log`;
const incidentLog = `${root}fixtures/incident/nginx-incident.log`;
const darwinLog = `${root}fixtures/corpus/apache/elastic-beats-filebeat-apache-access-darwin-2.4.23.log`;

function format(name: string): FormatDefinition {
  const found = findFormat(name);
  if (!found) throw new Error(`no format ${name}`);
  return found;
}

/** The parser after scanning one line, as the source processor hands it to the filter. */
function scanned(formatName: string, line: string): LineParser {
  const parser = format(formatName).create();
  expect(parser.scan(line)).toBe(ScanOutcome.Record);
  return parser;
}

function accepts(options: FilterOptions, formatName: string, line: string): boolean {
  const filter = compileFilter(options);
  if (!filter) throw new Error('no filter compiled');
  return filter.accepts(scanned(formatName, line));
}

/** The fields of a combined log line, read apart from logcodes' parsers: client, method, path, status. */
function combinedFields(line: string): { client: string; method: string; path: string; status: number } | undefined {
  const m = /^(\S+) \S+ \S+ \[[^\]]+\] "(\S+) ([^ ?"]*)[^"]*" (\d{3}) /.exec(line);
  return m ? { client: m[1]!, method: m[2]!, path: m[3]!, status: Number(m[4]) } : undefined;
}

const combinedLines = readFileSync(nginxLog, 'utf8').split('\n').filter((line) => line !== '');
const incidentLines = readFileSync(incidentLog, 'utf8').split('\n').filter((line) => line !== '');

describe('compileFilter', () => {
  it('is undefined when no filter option is given', () => {
    expect(compileFilter({})).toBeUndefined();
    expect(compileFilter({ status: [], path: [] })).toBeUndefined();
  });

  it('splits values at commas and across repeats, and says what it applied', () => {
    const filter = compileFilter({ status: ['5xx, 499', '404'], method: ['get'] });
    expect(filter?.applied).toEqual({ status: ['5xx', '499', '404'], method: ['get'] });
  });

  it.each([
    [{ status: ['6xx'] }, "--status '6xx'"],
    [{ status: ['50'] }, "--status '50'"],
    [{ status: ['504-500'] }, "--status '504-500'"],
    [{ status: [','] }, '--status needs a value'],
    [{ path: ['api/*'] }, "--path 'api/*'"],
    [{ method: ['GET /'] }, "--method 'GET /'"],
    [{ client: ['10.0.0.300'] }, "--client '10.0.0.300'"],
    [{ client: ['10.0.0.0/33'] }, "--client '10.0.0.0/33'"],
    [{ client: ['2001:db8::/129'] }, "--client '2001:db8::/129'"],
    [{ client: ['10.0.0.0/8/8'] }, "--client '10.0.0.0/8/8'"],
    [{ client: ['example.com'] }, "--client 'example.com'"],
  ] as [FilterOptions, string][])('rejects %j with a one-line message', (options, start) => {
    let thrown: unknown;
    try {
      compileFilter(options);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(FilterError);
    const message = (thrown as Error).message;
    expect(message.startsWith(start)).toBe(true);
    expect(message).not.toContain('\n');
  });
});

describe('globToRegExp', () => {
  it('lets * cross slashes, ? take one character, and keeps the rest literal', () => {
    expect(globToRegExp('/api/*').test('/api/v1/orders/7')).toBe(true);
    expect(globToRegExp('/api/*').test('/apix')).toBe(false);
    expect(globToRegExp('/a?c').test('/abc')).toBe(true);
    expect(globToRegExp('/a?c').test('/abbc')).toBe(false);
    expect(globToRegExp('/file.php').test('/fileXphp')).toBe(false);
    expect(globToRegExp('/(x)+[y]').test('/(x)+[y]')).toBe(true);
  });
});

describe('RecordFilter on real lines', () => {
  it('--status takes codes, classes and ranges, as the status column of each line says', () => {
    const cases: [string[], (status: number) => boolean][] = [
      [['5xx', '499'], (s) => s >= 500 || s === 499],
      [['404'], (s) => s === 404],
      [['500-503'], (s) => s >= 500 && s <= 503],
      [['2XX'], (s) => s >= 200 && s < 300],
    ];
    for (const [status, expected] of cases) {
      for (const line of combinedLines) {
        const fields = combinedFields(line);
        if (!fields) continue;
        const parser = format('nginx-combined').create();
        if (parser.scan(line) !== ScanOutcome.Record) continue;
        expect(compileFilter({ status })!.accepts(parser), `${status.join(',')} on ${line}`).toBe(expected(fields.status));
      }
    }
  });

  it('--path matches the path without its query, and --method any case', () => {
    let matched = 0;
    for (const line of combinedLines) {
      const fields = combinedFields(line);
      if (!fields) continue;
      const parser = format('nginx-combined').create();
      if (parser.scan(line) !== ScanOutcome.Record) continue;
      const expected = fields.path.startsWith('/static/') && fields.method === 'GET';
      if (expected) matched++;
      expect(compileFilter({ path: ['/static/*'], method: ['get'] })!.accepts(parser), line).toBe(expected);
    }
    expect(matched).toBeGreaterThan(0);
  });

  it('--client takes IPv4 and IPv6 addresses and CIDR blocks', () => {
    const [v6, , , v4] = readFileSync(darwinLog, 'utf8').split('\n');
    expect(accepts({ client: ['::1'] }, 'apache-common', v6!)).toBe(true);
    expect(accepts({ client: ['::/0'] }, 'apache-common', v6!)).toBe(true);
    expect(accepts({ client: ['2001:db8::/32'] }, 'apache-common', v4!)).toBe(false);
    expect(accepts({ client: ['0.0.0.0/0'] }, 'apache-common', v6!)).toBe(false);
    expect(accepts({ client: ['77.179.0.0/16'] }, 'apache-common', v4!)).toBe(true);
    expect(accepts({ client: ['77.178.0.0/16'] }, 'apache-common', v4!)).toBe(false);
    expect(accepts({ client: ['77.178.0.0/16,77.179.66.156'] }, 'apache-common', v4!)).toBe(true);
    expect(accepts({ client: ['2001:db8::/32', '0.0.0.0/0'] }, 'apache-common', v6!)).toBe(false);
  });

  it('--host ignores case and a port; --upstream matches any address a request went to', () => {
    const line = incidentLines.find((l) => l.includes('10.0.3.11:8080'))!;
    const vhost = combinedLines[0]!;
    expect(accepts({ upstream: ['10.0.3.11:*'] }, 'nginx-upstreaminfo', line)).toBe(true);
    expect(accepts({ upstream: ['10.0.3.12:*'] }, 'nginx-upstreaminfo', line)).toBe(false);
    // A format without upstreams or hosts never matches a filter on them.
    expect(accepts({ upstream: ['*'] }, 'nginx-combined', vhost)).toBe(false);
    expect(accepts({ host: ['*'] }, 'nginx-combined', vhost)).toBe(false);
    const withHost = readFileSync(`${root}fixtures/real/apache-vhost-combined.log`, 'utf8').split('\n')[0]!;
    const host = /^(\S+?)(?::\d+)? /.exec(withHost)![1]!;
    expect(accepts({ host: [host.toUpperCase()] }, 'apache-vhost-combined', withHost)).toBe(true);
    expect(accepts({ host: [`*${host.slice(2)}`] }, 'apache-vhost-combined', withHost)).toBe(true);
    expect(accepts({ host: [`x${host}`] }, 'apache-vhost-combined', withHost)).toBe(false);
  });
});

/** A format whose parsers count how often a record is built. */
function countingFormat(name: string): { format: FormatDefinition; builds: () => number } {
  const base = format(name);
  let builds = 0;
  const wrapped: FormatDefinition = {
    ...base,
    create() {
      const parser = base.create();
      const record = parser.record.bind(parser);
      parser.record = () => {
        builds++;
        return record();
      };
      const detail = parser.detail?.bind(parser);
      if (detail) {
        parser.detail = () => {
          builds++;
          return detail();
        };
      }
      return parser;
    },
  };
  return { format: wrapped, builds: () => builds };
}

describe('a filter in the pipeline', () => {
  it('counts only what it keeps, and counts what it left out as parsed', async () => {
    const all = await analyze([{ kind: 'file', path: incidentLog }], { formats: { candidates: builtinFormats } });
    const filter = compileFilter({ status: ['5xx'] });
    const some = await analyze([{ kind: 'file', path: incidentLog }], { formats: { candidates: builtinFormats }, filter });
    const before = all.tally.summarize();
    const after = some.tally.summarize();
    expect(after.requests).toBe(before.classes['5xx']);
    expect(after.classes['5xx']).toBe(before.classes['5xx']);
    expect(after.classes['2xx'] + after.classes['4xx']).toBe(0);
    expect(after.lines.parsed).toBe(before.lines.parsed);
    expect(after.lines.filteredOut).toBe(before.requests - before.classes['5xx']);
  });

  it('combines options: the count equals the lines that meet all of them, read apart from the parsers', async () => {
    const filter = compileFilter({ status: ['502,504'], path: ['/api/*'], method: ['GET'] });
    const result = await analyze([{ kind: 'file', path: incidentLog }], { formats: { candidates: builtinFormats }, filter });
    const expected = incidentLines.filter((line) => {
      const fields = combinedFields(line);
      return fields !== undefined && (fields.status === 502 || fields.status === 504) && fields.path.startsWith('/api/') && fields.method === 'GET';
    }).length;
    expect(expected).toBeGreaterThan(0);
    expect(result.tally.summarize().requests).toBe(expected);
  });

  it('a status filter builds no record for the lines it turns away; a path filter builds them', async () => {
    const statusOnly = countingFormat('nginx-combined');
    await analyze([{ kind: 'file', path: nginxLog }], {
      formats: { candidates: builtinFormats, forced: statusOnly.format },
      filter: compileFilter({ status: ['2xx'] }),
    });
    expect(statusOnly.builds()).toBe(0);
    const byPath = countingFormat('nginx-combined');
    await analyze([{ kind: 'file', path: nginxLog }], {
      formats: { candidates: builtinFormats, forced: byPath.format },
      filter: compileFilter({ path: ['/static/*'] }),
    });
    expect(byPath.builds()).toBeGreaterThan(100);
  });

  it('judges the hour before --since by the same filter', async () => {
    const window = { sinceMs: Date.parse('2026-03-02T10:00:00Z') };
    const filter = compileFilter({ status: ['5xx'] });
    const result = await analyze([{ kind: 'file', path: incidentLog }], { formats: { candidates: builtinFormats }, window, filter });
    const baseline = result.baseline!.summarize();
    expect(baseline.requests).toBeGreaterThan(0);
    expect(baseline.requests).toBe(baseline.classes['5xx']);
  });
});
