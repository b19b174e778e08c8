import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findFormat } from '../../src/formats/builtin.js';
import { ScanOutcome } from '../../src/formats/parser.js';

const fixture = (path: string): string => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8').split('\n')[0]!;

/** A real line of each JSON format, with the key its status is under. */
const cases = [
  { format: 'caddy-json', line: fixture('corpus/caddy/lnav-logfile_caddy_log.1.ndjson'), key: 'status' },
  { format: 'cloudflare-json', line: fixture('corpus/cloudflare/lnav-logfile_cloudflare.json.ndjson'), key: 'EdgeResponseStatus' },
  { format: 'nginx-json', line: fixture('real/nginx-json-typed.log'), key: 'status' },
];

describe('a status in JSON is an integer written as digits', () => {
  it.each(cases)('$format: the real line parses, and the same status as 2e2, 200.0 or +200 is malformed', ({ format, line, key }) => {
    const parser = findFormat(format)!.create();
    const written = new RegExp(`("${key}"\\s*:\\s*)(\\d+)`);
    const status = Number(written.exec(line)?.[2]);
    expect(status).toBeGreaterThanOrEqual(100);
    expect(parser.scan(line)).toBe(ScanOutcome.Record);
    expect(parser.hot.status).toBe(status);
    const spellings = [(status / 100).toString() + 'e2', `${status}.0`, `${status}E0`];
    for (const spelling of spellings) {
      const mutated = line.replace(written, `$1${spelling}`);
      expect(JSON.parse(mutated)[key] ?? status, spelling).toBe(status);
      expect(parser.scan(mutated), `${format} ${spelling}`).toBe(ScanOutcome.Malformed);
      expect(parser.reason?.code).toBe('status-invalid');
    }
  });
});
