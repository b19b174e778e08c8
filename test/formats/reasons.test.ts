import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinFormats } from '../../src/formats/builtin.js';
import { compileApacheLogFormat } from '../../src/formats/logformat/apache.js';
import { compileNginxLogFormat } from '../../src/formats/logformat/nginx.js';
import { ScanOutcome, type FormatDefinition } from '../../src/formats/parser.js';
import type { MalformedCode } from '../../src/model/malformed.js';
import { IGNORED_CODE_LIST, type IgnoredCode } from '../../src/model/ignored.js';
import { checkedReason } from './reason.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The first lines of every plain-text log under fixtures/corpus and fixtures/real. */
function corpusLines(): string[] {
  const lines: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = `${dir}/${entry}`;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(log|csv|ndjson|txt)$/.test(entry) && !/SOURCES|README/.test(entry)) {
        lines.push(...readFileSync(path, 'utf8').split('\n').slice(0, 200));
      }
    }
  };
  walk(`${root}fixtures/corpus`);
  walk(`${root}fixtures/real`);
  return lines;
}

const CUSTOM: FormatDefinition[] = [
  compileNginxLogFormat('$remote_addr [$time_local] "$request" $status $body_bytes_sent rt=$request_time'),
  compileNginxLogFormat(`log_format j escape=json '{"t":"$time_iso8601","s":$status,"r":"$request"}';`),
  compileApacheLogFormat('%h %t "%r" %>s %b %D'),
];

describe('malformed reasons', () => {
  // Every format reads every corpus line, its own and the others': most lines are foreign to most
  // parsers, which is what draws out their reasons.
  const lines = corpusLines();

  it('carry a listed code and a detail from every parser, on real lines of every format', () => {
    expect(lines.length).toBeGreaterThan(500);
    const seen = new Set<MalformedCode>();
    for (const definition of [...builtinFormats, ...CUSTOM]) {
      const parser = definition.create();
      for (const line of lines) {
        if (parser.scan(line) === ScanOutcome.Malformed) seen.add(checkedReason(parser).code);
      }
    }
    // Foreign lines reach far into the parsers, not only their first check.
    expect(seen.size).toBeGreaterThanOrEqual(8);
  });
});

describe('ignored reasons', () => {
  const lines = [...corpusLines(), '', '   ', '\t'];

  it('carry a listed code from every parser, for every line it ignores', () => {
    const seen = new Set<IgnoredCode>();
    for (const definition of [...builtinFormats, ...CUSTOM]) {
      const parser = definition.create();
      for (const line of lines) {
        if (parser.scan(line) !== ScanOutcome.Ignored) continue;
        expect(IGNORED_CODE_LIST, `${definition.name} on ${line.slice(0, 80)}`).toContain(parser.ignoredCode);
        // Not a code left from an earlier line: a fresh parser names one too.
        const fresh = definition.create();
        if (fresh.scan(line) === ScanOutcome.Ignored) expect(fresh.ignoredCode, `${definition.name} on ${line.slice(0, 80)}`).toBeDefined();
        seen.add(parser.ignoredCode!);
      }
    }
    // Blank lines, directives and headers, servers' own messages among their access entries, and
    // the ELB records without an HTTP status (TCP and SSL listeners', an NLB's).
    expect([...seen].sort()).toEqual(
      expect.arrayContaining(['blank', 'directive', 'not-an-access-entry', 'elb-tcp-listener', 'elb-ssl-listener', 'nlb-tls']),
    );
    // Only a summary file from an earlier logcodes has lines without a recorded reason.
    expect(seen.has('reason-unrecorded')).toBe(false);
  });
});
