/**
 * nginx access-log formats: the built-in `combined`, the stock-config `main`,
 * the ingress-nginx `log-format-upstream` default, and JSON logs.
 */
import { ScanOutcome, type FormatDefinition } from './parser.js';
import { ClfLineScanner, clfShape, vendorScore, type ClfShape } from './logformat/clfline.js';
import { compileNginxLogFormat } from './logformat/nginx.js';
import { matchNginxJson, NginxJsonParser } from './logformat/nginxjson.js';

/** The ingress-nginx default `log-format-upstream`. */
export const NGINX_UPSTREAMINFO_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
  '$request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr ' +
  '$upstream_response_length $upstream_response_time $upstream_status $req_id';

export const NGINX_COMBINED_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

export const NGINX_MAIN_FORMAT = `${NGINX_COMBINED_FORMAT} "$http_x_forwarded_for"`;

const VENDOR_RULE =
  'nginx and Apache combined lines look alike: upper-case \\xHH escapes or status 444/499/000/009 mean nginx, ' +
  "lower-case \\xhh escapes, \\\" escapes, '-' bytes or a non-'-' ident mean Apache, and a neutral line goes to nginx.";

/** Score lost when the client field has prepended tokens ($host, X-Forwarded-For). */
const PREFIX_PENALTY = 2;

function headPenalty(shape: ClfShape): number {
  return shape.headTokens === 3 ? 0 : PREFIX_PENALTY;
}

function combinedShape(shape: ClfShape): number {
  if (shape.quotedAfterBytes === 2 && shape.tokensAfterQuoted.length === 0) return 10 - headPenalty(shape);
  // Trailing extras (gzip ratio, rt=… tails) still parse, with less confidence.
  if (shape.quotedAfterBytes >= 2) return 6 - headPenalty(shape);
  return 0;
}

function mainShape(shape: ClfShape): number {
  if (shape.quotedAfterBytes === 3 && shape.tokensAfterQuoted.length === 0) return 11 - headPenalty(shape);
  if (shape.quotedAfterBytes >= 3) return 7 - headPenalty(shape);
  return 0;
}

function upstreamShape(shape: ClfShape): boolean {
  const t = shape.tokensAfterQuoted;
  return (
    shape.quotedAfterBytes === 2 &&
    t.length >= 7 &&
    /^\d+$/.test(t[0]!.text) &&
    /^\d+(\.\d+)?$/.test(t[1]!.text) &&
    t[2]!.text.startsWith('[')
  );
}

export const nginxCombined: FormatDefinition = {
  name: 'nginx-combined',
  vendor: 'nginx',
  description: 'nginx built-in "combined" format: client, user, local time, request, status, body bytes, referer and user agent.',
  detection:
    'A CLF line with [time], quoted request, 3-digit status, numeric bytes and exactly two quoted fields after them; ' +
    `a prepended $host or X-Forwarded-For and trailing extras are accepted with a lower score. ${VENDOR_RULE}`,
  example:
    '77.179.66.156 - - [25/Oct/2016:14:49:33 +0200] "GET / HTTP/1.1" 200 612 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/54.0.2840.59 Safari/537.36"',
  match(line) {
    const shape = clfShape(line);
    return shape === undefined ? 0 : vendorScore(combinedShape(shape), shape, 'nginx');
  },
  create: () => new ClfLineScanner({ format: 'nginx-combined', vendor: 'nginx', escape: 'nginx', tail: ['referer', 'userAgent'], timingTail: true }),
};

export const nginxMain: FormatDefinition = {
  name: 'nginx-main',
  vendor: 'nginx',
  description: 'The "main" format of the stock nginx.conf: combined plus the quoted X-Forwarded-For header.',
  detection:
    'Like nginx-combined but with a third quoted field after the bytes; scores above combined on such lines. ' +
    `The client is the first X-Forwarded-For entry when there is one. ${VENDOR_RULE}`,
  example:
    '31.56.96.51 - - [22/Jan/2019:03:56:16 +0330] "GET /image/60844/productModel/200x200 HTTP/1.1" 200 5667 "https://www.zanbil.ir/m/filter/b113" "Mozilla/5.0 (Linux; Android 6.0; ALE-L21 Build/HuaweiALE-L21) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/66.0.3359.158 Mobile Safari/537.36" "-"',
  match(line) {
    const shape = clfShape(line);
    return shape === undefined ? 0 : vendorScore(mainShape(shape), shape, 'nginx');
  },
  create: () =>
    new ClfLineScanner({ format: 'nginx-main', vendor: 'nginx', escape: 'nginx', tail: ['referer', 'userAgent', 'forwardedFor'], timingTail: true }),
};

/** Compiled from the canonical ingress-nginx string: one implementation for built-in and custom. */
const upstreamInfoCompiled = compileNginxLogFormat(NGINX_UPSTREAMINFO_FORMAT, 'nginx-upstreaminfo', {
  description:
    'ingress-nginx default log-format-upstream: combined plus request length and time, upstream name, and the upstream address, length, time and status lists.',
  detection:
    'Combined followed by an integer, a decimal, [upstream name] [alternative] and five upstream fields (", " and " : " lists allowed); ' +
    'the line must fit the whole format. Upstream fields are nginx-only, so it scores above main and combined.',
  example:
    '192.168.64.14 - - [07/Feb/2020:12:02:42 +0000] "GET /v2/some HTTP/1.1" 200 61 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.14; rv:72.0) Gecko/20100101 Firefox/72.0" 348 0.001 [default-web2-8080] [] 172.17.0.6:8080, 172.17.0.7:8080 61, 100 0.100, 0.004 200, 203 835136ae24486dbb4156dcbe21f5d402',
});

const upstreamProbe = upstreamInfoCompiled.create();

export const nginxUpstreamInfo: FormatDefinition = {
  ...upstreamInfoCompiled,
  match(line) {
    const shape = clfShape(line);
    if (shape === undefined || !upstreamShape(shape) || shape.apacheHint) return 0;
    if (upstreamProbe.scan(line) !== ScanOutcome.Record) return 0;
    return 12 - headPenalty(shape);
  },
};

export const nginxJson: FormatDefinition = {
  name: 'nginx-json',
  vendor: 'nginx',
  description: 'nginx JSON-per-line logs (log_format escape=json) with the usual variable names as keys.',
  detection:
    'A JSON object with a status key and at least one nginx variable name as a key (time_local, time_iso8601, msec, remote_addr, request, ' +
    'request_uri, body_bytes_sent, request_time, upstream_status, http_user_agent, http_x_forwarded_for); more such keys score higher.',
  example:
    '{"time_iso8601":"2026-11-22T03:40:13+00:00","remote_addr":"127.0.0.1","remote_user":"","request":"GET / HTTP/1.1","status":"200","body_bytes_sent":"32","request_time":"0.000","http_referer":"http://logcodes.test/","http_user_agent":"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0","host":"logcodes.test","upstream_addr":"","upstream_status":"","upstream_response_time":""}',
  match: matchNginxJson,
  create: () => new NginxJsonParser(),
};

export const nginxFormats: FormatDefinition[] = [nginxCombined, nginxMain, nginxUpstreamInfo, nginxJson];
