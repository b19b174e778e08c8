/**
 * Apache httpd access-log formats: the stock `common`, `combined` and
 * `combinedio` LogFormats, Debian's `vhost_combined`, and mod_ssl's
 * `ssl_request_log`, which is recognized only to explain that it has no status.
 */
import type { MalformedReason } from '../model/malformed.js';
import { ClfTimeCache } from './clf.js';
import { ScanOutcome, type FormatDefinition, type LineParser } from './parser.js';
import type { LogRecord } from './record.js';
import { ClfLineScanner, clfShape, vendorScore, type ClfShape } from './logformat/clfline.js';
import { compileApacheLogFormat } from './logformat/apache.js';
import { ParserBase } from './parser-base.js';

export const APACHE_COMMON_FORMAT = '%h %l %u %t "%r" %>s %b';
export const APACHE_COMBINED_FORMAT = '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"';
export const APACHE_COMBINEDIO_FORMAT = `${APACHE_COMBINED_FORMAT} %I %O`;
export const APACHE_VHOST_COMBINED_FORMAT = '%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"';
export const APACHE_SSL_REQUEST_FORMAT = '%t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x "%r" %b';

const VENDOR_RULE =
  "Apache and nginx combined lines look alike: '-' bytes, lower-case \\xhh escapes, \\\" escapes or a non-'-' ident mean Apache, " +
  'upper-case \\xHH escapes or status 444/499/000/009 mean nginx; on a neutral line Apache scores one point below nginx-combined.';

function headPenalty(shape: ClfShape): number {
  return shape.headTokens === 3 ? 0 : 2;
}

function commonShape(shape: ClfShape): number {
  if (shape.quotedAfterBytes === 0 && shape.tokensAfterQuoted.length === 0) return 9 - headPenalty(shape);
  return Math.max(1, 2 - headPenalty(shape));
}

function combinedShape(shape: ClfShape): number {
  const after = shape.tokensAfterQuoted.length;
  if (shape.quotedAfterBytes === 2 && after === 0) return 9 - headPenalty(shape);
  if (shape.quotedAfterBytes >= 2) return 5 - headPenalty(shape);
  // Common-shaped or other tails: possible, but common or a custom format fits better.
  return 1;
}

export const apacheCommon: FormatDefinition = {
  name: 'apache-common',
  vendor: 'apache',
  description: 'Apache (and NCSA) Common Log Format: host, ident, user, time, request, final status and body bytes.',
  detection: `A CLF line that ends right after the bytes field. ${VENDOR_RULE}`,
  example: '::1 - - [26/Dec/2016:16:16:28 +0200] "GET / HTTP/1.1" 200 45',
  match(line) {
    const shape = clfShape(line);
    return shape === undefined ? 0 : vendorScore(commonShape(shape), shape, 'apache');
  },
  create: () => new ClfLineScanner({ format: 'apache-common', vendor: 'apache', escape: 'apache', tail: [] }),
};

export const apacheCombined: FormatDefinition = {
  name: 'apache-combined',
  vendor: 'apache',
  description: 'Apache "combined" LogFormat: common plus the quoted Referer and User-Agent headers.',
  detection: `A CLF line with exactly two quoted fields after the bytes (extras accepted with a lower score). ${VENDOR_RULE}`,
  example:
    '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"',
  match(line) {
    const shape = clfShape(line);
    return shape === undefined ? 0 : vendorScore(combinedShape(shape), shape, 'apache');
  },
  create: () =>
    new ClfLineScanner({ format: 'apache-combined', vendor: 'apache', escape: 'apache', tail: ['referer', 'userAgent'] }),
};

const vhostCompiled = compileApacheLogFormat(APACHE_VHOST_COMBINED_FORMAT, 'apache-vhost-combined', {
  description: 'Debian/Ubuntu "vhost_combined": server name and port, then combined with wire bytes (%O).',
  detection:
    'A combined line whose first field is name:port followed by host, ident and user (4 fields before the time), fitting ' +
    `%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i" (trailing fields such as %D accepted). ${VENDOR_RULE}`,
  example:
    'localhost:443 178.20.184.42 1j0vhgd jsmith [26/Jul/2023:00:01:26 -0700] "GET /secure/RapidBoard.jspa?rapidView=1295&selectedIssue=AA-409111&quickFilter=385508&quickFilter=387097 HTTP/2.0" 200 17163 "-" "Mozilla/5.0" 116075',
});
const vhostProbe = vhostCompiled.create();

export const apacheVhostCombined: FormatDefinition = {
  ...vhostCompiled,
  match(line) {
    const shape = clfShape(line);
    if (shape === undefined || !shape.vhostPort || shape.quotedAfterBytes < 2) return 0;
    if (vhostProbe.scan(line) !== ScanOutcome.Record) return 0;
    return vendorScore(12, shape, 'apache');
  },
};

const combinedIoCompiled = compileApacheLogFormat(APACHE_COMBINEDIO_FORMAT, 'apache-combinedio', {
  description: 'Apache "combinedio" LogFormat (mod_logio): combined plus bytes received (%I) and sent (%O).',
  detection: `A combined line followed by exactly two integers. ${VENDOR_RULE}`,
  example:
    '192.168.202.254 - - [20/Jul/2009:22:59:26 +0000] "GET /vmw/cgi/tramp HTTP/1.0" 200 134 "-" "gPXE/0.9.7" 312 402',
});
const combinedIoProbe = combinedIoCompiled.create();

export const apacheCombinedIo: FormatDefinition = {
  ...combinedIoCompiled,
  match(line) {
    const shape = clfShape(line);
    const after = shape?.tokensAfterQuoted;
    if (shape === undefined || after === undefined || shape.quotedAfterBytes !== 2 || after.length !== 2) return 0;
    if (!after.every((t) => !t.quoted && /^\d+$/.test(t.text))) return 0;
    if (combinedIoProbe.scan(line) !== ScanOutcome.Record) return 0;
    return vendorScore(11 - headPenalty(shape), shape, 'apache');
  },
};

const SSL_NO_STATUS: MalformedReason = {
  code: 'status-missing',
  detail: 'no status field: mod_ssl ssl_request_log records protocol and cipher, not the response status',
};
const NOT_SSL_REQUEST: MalformedReason = { code: 'format-mismatch', detail: 'not an ssl_request_log line' };
const sslTimeCache = new ClfTimeCache();

/** `[time] host SSLproto cipher "request" bytes` */
function isSslRequestLine(line: string): boolean {
  if (line.charCodeAt(0) !== 91 || sslTimeCache.parse(line, 1) < 0 || !line.startsWith('] ', 27)) return false;
  const host = line.indexOf(' ', 29);
  if (host < 0) return false;
  const proto = line.indexOf(' ', host + 1);
  if (proto < 0 || !/^(TLS|SSL|-)/.test(line.slice(host + 1, proto))) return false;
  const cipher = line.indexOf(' ', proto + 1);
  if (cipher < 0 || line.charCodeAt(cipher + 1) !== 34) return false;
  const close = line.lastIndexOf('" ');
  return close > cipher && /^(\d+|-)$/.test(line.slice(close + 2));
}

class SslRequestParser extends ParserBase implements LineParser {
  readonly format = 'apache-ssl-request';
  readonly vendor = 'apache' as const;
  readonly detailEveryLine = false;

  scan(line: string): ScanOutcome {
    if (line.length === 0) return this.ignore('blank');
    this.reason = isSslRequestLine(line) ? SSL_NO_STATUS : NOT_SSL_REQUEST;
    return ScanOutcome.Malformed;
  }

  record(): LogRecord {
    throw new Error('apache-ssl-request lines never scan as records');
  }
}

export const apacheSslRequest: FormatDefinition = {
  name: 'apache-ssl-request',
  vendor: 'apache',
  description:
    'mod_ssl ssl_request_log (%t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x "%r" %b): recognized so its lines are reported as malformed with the reason "no status field".',
  detection: 'A line starting with [time] followed by host, TLS/SSL protocol, cipher, quoted request and bytes.',
  example:
    '[10/Aug/2018:09:45:56 +0200] 172.30.0.119 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 "GET /nagiosxi/ajaxhelper.php?cmd=getxicoreajax&amp;opts=%7B%22func%22%3A%22get_admin_tasks_html%22%2C%22args%22%3A%22%22%7D&amp;nsp=b5c7d5d4b6f7d0cf0c92f9cbdf737f6a5c838218425e6ae21 HTTP/1.1" 1375',
  match: (line) => (isSslRequestLine(line) ? 8 : 0),
  create: () => new SslRequestParser(),
};

export const apacheFormats: FormatDefinition[] = [
  apacheCommon,
  apacheCombined,
  apacheVhostCombined,
  apacheCombinedIo,
  apacheSslRequest,
];
