import { describe, expect, it } from 'vitest';
import { apacheFormats } from '../../src/formats/apache.js';
import { compileApacheLogFormat } from '../../src/formats/logformat/apache.js';
import { compileNginxLogFormat } from '../../src/formats/logformat/nginx.js';
import { nginxFormats } from '../../src/formats/nginx.js';
import { ScanOutcome, type FormatDefinition } from '../../src/formats/parser.js';
import { MAX_GROWTH, SCALE, growthRatio } from './growth.js';
import { checkedReason } from './reason.js';

/**
 * Pathological input must cost time linear in its length: no pattern may
 * backtrack. Each case is built at its full size and at 1/SCALE of it, and the
 * full one may cost at most MAX_GROWTH times as much as the small one (see
 * growth.ts), so the check measures how work grows, not how fast the machine is.
 * Lines are flat strings decoded from a Buffer, as the ingest delivers them.
 */
const PREFIX = '1.2.3.4 - - [01/May/2024:10:00:00 +0000] "';
const FULL = '1.2.3.4 - - [01/May/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "ua"';

/** Each case as a function of k: k = 1 gives the size named, k = 1 / SCALE a fraction of it. */
const HOSTILE: [string, (k: number) => string][] = [
  ['100 KB of quotes', (k) => '"'.repeat(100_000 * k)],
  ['50k spaces', (k) => ' '.repeat(50_000 * k)],
  ['100 KB of \\x', (k) => '\\x'.repeat(50_000 * k)],
  ['100 KB of backslashes', (k) => '\\'.repeat(100_000 * k)],
  ['repeated " " pairs', (k) => '" "'.repeat(33_000 * k)],
  ['repeated " [" openers', (k) => ' ['.repeat(50_000 * k)],
  ['repeated valid times without request', (k) => ' [01/May/2024:10:00:00 +0000]'.repeat(3_000 * k)],
  ['request of escaped quotes', (k) => PREFIX + '\\"'.repeat(50_000 * k)],
  ['request of backslash runs and quotes', (k) => PREFIX + '\\\\\\"'.repeat(25_000 * k)],
  ['valid line with 100 KB user agent of quotes', (k) => `${FULL.slice(0, -3)}${'" "'.repeat(33_000 * k)}"`],
  ['valid line with a huge ", " list', (k) => `${FULL} 1 0.1 [a] [] ${'10.0.0.1:80, '.repeat(8_000 * k)}10.0.0.2:80 1 0.1 200 id`],
  ['valid line with a huge " : " list', (k) => `${FULL} 1 0.1 [a] [] ${'10.0.0.1:80 : '.repeat(8_000 * k)}10.0.0.2:80 1 0.1 200 id`],
  ['client text of many commas', (k) => `${'a, '.repeat(30_000 * k)}b - - [01/May/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 1`],
  ['many quoted tail fields', (k) => `${FULL}${' "x"'.repeat(25_000 * k)}`],
  ['many key=value tail fields', (k) => `${FULL}${' k=v'.repeat(25_000 * k)}`],
  ['deep JSON nesting', (k) => `{"status":200,"request":${'['.repeat(100_000 * k)}`],
  ['JSON with a 100 KB string of escapes', (k) => `{"status":"200","request":"${'\\"'.repeat(50_000 * k)}"}`],
  ['lots of brackets', (k) => '[]'.repeat(50_000 * k)],
  ['percent signs and dollars', (k) => '%$'.repeat(50_000 * k)],
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
  for (const [name, build] of HOSTILE) {
    const small = Buffer.from(build(1 / SCALE), 'utf8').toString('utf8');
    const large = Buffer.from(build(1), 'utf8').toString('utf8');
    it(`${name}: every format's work grows linearly with the line`, () => {
      for (const definition of ALL) {
        const growth = growthRatio(
          () => exercise(definition, small),
          () => exercise(definition, large),
        );
        expect(growth, `${definition.name} on ${name}: ${SCALE}x the input cost ${growth.toFixed(1)}x`).toBeLessThan(MAX_GROWTH);
      }
    });
  }
});
