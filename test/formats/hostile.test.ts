import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { apacheFormats } from '../../src/formats/apache.js';
import { compileApacheLogFormat, compileNginxLogFormat } from '../../src/formats/logformat/index.js';
import { nginxFormats } from '../../src/formats/nginx.js';
import { ScanOutcome, type FormatDefinition } from '../../src/formats/parser.js';
import { checkedReason } from './reason.js';

/**
 * Pathological input must cost time linear in its length: no pattern may
 * backtrack. The bound is deliberately generous (a linear pass over 100 KB takes
 * a few milliseconds even on a busy machine) so only a blow-up fails. Lines are
 * flat strings decoded from a Buffer, as the ingest delivers them.
 */
const BOUND_MS = 100;

const PREFIX = '1.2.3.4 - - [01/May/2024:10:00:00 +0000] "';
const FULL = '1.2.3.4 - - [01/May/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "ua"';

const HOSTILE: [string, string][] = [
  ['100 KB of quotes', '"'.repeat(100_000)],
  ['50k spaces', ' '.repeat(50_000)],
  ['100 KB of \\x', '\\x'.repeat(50_000)],
  ['100 KB of backslashes', '\\'.repeat(100_000)],
  ['repeated " " pairs', '" "'.repeat(33_000)],
  ['repeated " [" openers', ' ['.repeat(50_000)],
  ['repeated valid times without request', ' [01/May/2024:10:00:00 +0000]'.repeat(3_000)],
  ['request of escaped quotes', PREFIX + '\\"'.repeat(50_000)],
  ['request of backslash runs and quotes', PREFIX + '\\\\\\"'.repeat(25_000)],
  ['valid line with 100 KB user agent of quotes', `${FULL.slice(0, -3)}${'" "'.repeat(33_000)}"`],
  ['valid line with a huge ", " list', `${FULL} 1 0.1 [a] [] ${'10.0.0.1:80, '.repeat(8_000)}10.0.0.2:80 1 0.1 200 id`],
  ['valid line with a huge " : " list', `${FULL} 1 0.1 [a] [] ${'10.0.0.1:80 : '.repeat(8_000)}10.0.0.2:80 1 0.1 200 id`],
  ['client text of many commas', `${'a, '.repeat(30_000)}b - - [01/May/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 1`],
  ['many quoted tail fields', `${FULL}${' "x"'.repeat(25_000)}`],
  ['many key=value tail fields', `${FULL}${' k=v'.repeat(25_000)}`],
  ['deep JSON nesting', `{"status":200,"request":${'['.repeat(100_000)}`],
  ['JSON with a 100 KB string of escapes', `{"status":"200","request":"${'\\"'.repeat(50_000)}"}`],
  ['lots of brackets', '[]'.repeat(50_000)],
  ['percent signs and dollars', '%$'.repeat(50_000)],
];

const CUSTOM: FormatDefinition[] = [
  compileNginxLogFormat(
    `log_format main_ext '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for" rt=$request_time urt="$upstream_response_time" us="$upstream_status"';`,
  ),
  compileNginxLogFormat(`log_format j escape=json '{"t":"$time_iso8601","s":$status,"r":"$request","ua":"$http_user_agent"}';`),
  compileNginxLogFormat('$host $upstream_addr $upstream_status $status $msec'),
  compileApacheLogFormat('LogFormat "%v:%p %h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\" %D" vd'),
  compileApacheLogFormat('%h %t %U%q %>s "%{X-Forwarded-For}i" %{ms}T'),
];

const ALL = [...nginxFormats, ...apacheFormats, ...CUSTOM];

function exercise(definition: FormatDefinition, line: string): void {
  definition.match(line);
  const parser = definition.create();
  const outcome = parser.scan(line);
  if (outcome === ScanOutcome.Record) parser.record();
  else if (outcome === ScanOutcome.Malformed) checkedReason(parser);
}

describe('hostile input', () => {
  // Warm up the JIT so the bound measures the algorithm, not compilation.
  for (const definition of ALL) exercise(definition, FULL);

  for (const [name, built] of HOSTILE) {
    const line = Buffer.from(built, 'utf8').toString('utf8');
    it(`${name}: every format finishes in under ${BOUND_MS} ms`, () => {
      for (const definition of ALL) {
        const start = performance.now();
        exercise(definition, line);
        const elapsed = performance.now() - start;
        expect(elapsed, `${definition.name} on ${name}`).toBeLessThan(BOUND_MS);
      }
    });
  }
});
