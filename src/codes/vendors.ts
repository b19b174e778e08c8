import { defineMeaning } from './define.js';
import type { CodeMeaning } from './types.js';

// Codes that web servers, CDNs and load balancers write into their own access logs.
// These matter most for log analysis: a report uses them when the log comes from that vendor.

const iis: CodeMeaning[] = [
  defineMeaning({
    code: 440,
    vendor: 'iis',
    reason: 'Login Time-out',
    description: 'Microsoft (Exchange, Outlook on the web): the session expired and the user has to log in again.',
    cause:
      'Session timeouts in Outlook on the web or an ASP.NET application, users returning after being idle, a load balancer without session affinity sending the user to a server that does not know the session.',
    lookFirst: 'Session and forms-authentication timeouts, authentication cookies, and load-balancer persistence.',
    retry: 'After the user logs in again.',
  }),
  defineMeaning({
    code: 449,
    vendor: 'iis',
    reason: 'Retry With',
    description:
      'Microsoft extension: the request lacks information the server needs, and the client should send it again with that information added.',
    cause: 'A client (often an Exchange ActiveSync or WebDAV client) leaving out parameters the server requires.',
    lookFirst: 'The response, which names the missing information, and the client type and version.',
    retry: 'Retry with the missing information supplied.',
  }),
  defineMeaning({
    code: 451,
    vendor: 'iis',
    reason: 'Redirect',
    description:
      "Exchange ActiveSync: another server should serve this mailbox, either because it is better placed or because this one cannot reach the mailbox. The client should run Autodiscover again to find it. Unrelated to the standard 451.",
    cause: 'A mailbox moved to another server or site, or a mobile client holding on to an old server address.',
    lookFirst: "Exchange Autodiscover configuration and where the mailbox now lives; the response's X-MS-Location header.",
    retry: 'Not the same request: the client should repeat Autodiscover and talk to the server it names.',
  }),
];

const nginx: CodeMeaning[] = [
  defineMeaning({
    code: 444,
    vendor: 'nginx',
    reason: 'No Response',
    description:
      'nginx closed the connection without sending anything, on purpose (a "return 444" rule). The client just sees the connection drop; the log shows 444 with 0 bytes.',
    cause:
      'A configuration rule dropping unwanted traffic: requests for unknown hosts on a default server block, blocked user agents, scanners and bots.',
    lookFirst: 'The server block or location with "return 444" that matched, and the hosts and user agents it caught.',
    retry: 'No; the drop is deliberate.',
  }),
  defineMeaning({
    code: 494,
    vendor: 'nginx',
    reason: 'Request Header Too Large',
    description:
      "nginx's internal code for a request line or header bigger than large_client_header_buffers. The client receives a 400 and the access log normally shows 400 too; the number is mainly visible to error_page handling.",
    cause: 'Oversized cookies or tokens, very long URLs, or a buffer limit set too small.',
    lookFirst: 'large_client_header_buffers, cookie sizes on the domain, and the nginx error log ("client sent too long header line").',
    retry: 'Do not retry unchanged; shrink the headers or raise the buffer.',
  }),
  defineMeaning({
    code: 495,
    vendor: 'nginx',
    reason: 'SSL Certificate Error',
    description:
      "nginx's internal variant of 400 for a client certificate that failed verification; access logs normally show it as 400.",
    cause:
      'Client certificates that expired, were revoked, or were signed by a CA not in ssl_client_certificate, or a chain longer than ssl_verify_depth.',
    lookFirst: 'The nginx error log (client SSL certificate verify error), ssl_verify_client, the CA bundle and any revocation list.',
    retry: 'Only with a valid, trusted client certificate.',
  }),
  defineMeaning({
    code: 496,
    vendor: 'nginx',
    reason: 'SSL Certificate Required',
    description:
      "nginx's internal variant of 400 when client certificates are mandatory and none was presented; access logs normally show it as 400.",
    cause: 'ssl_verify_client set to on for callers that have no certificate configured (browsers, health checks, new services).',
    lookFirst: 'The caller\'s mutual-TLS configuration and the ssl_verify_client setting of the server block.',
    retry: 'Only once the client presents a certificate.',
  }),
  defineMeaning({
    code: 497,
    vendor: 'nginx',
    reason: 'HTTP Request Sent to HTTPS Port',
    description:
      "nginx's internal variant of 400 for plain HTTP arriving on a port that expects TLS; access logs normally show it as 400.",
    cause:
      'Links, clients or health checks using http:// with an HTTPS port, or a load balancer forwarding plain HTTP to the TLS listener.',
    lookFirst: 'The listen ... ssl ports, the load-balancer target port and protocol, and health-check URLs. "error_page 497" can redirect such requests to https.',
    retry: 'Retry using https://.',
  }),
  defineMeaning({
    code: 499,
    vendor: 'nginx',
    reason: 'Client Closed Request',
    description:
      'The client hung up before nginx had sent the response headers, so nginx logs 499 in place of a status; nothing reached the client. If the client leaves after headers were sent, the log keeps the real status with fewer bytes.',
    cause:
      'The client gave up, most often because the upstream was slow: a user reloading or leaving, a caller or load balancer with a shorter timeout than the server, flaky mobile links. A burst of 499s with long request times is a server-side slowness signal.',
    lookFirst:
      'Request times of the 499s against the callers\' timeouts (many 499s at the same duration point at a caller timeout), upstream response times, and the slow endpoints; compare with any 504s.',
    retry:
      'The client decides. When callers time out before the server finishes, their retries pile up duplicate work: align timeouts, and retry only idempotent requests, with backoff.',
  }),
];

const cloudflare: CodeMeaning[] = [
  defineMeaning({
    code: 499,
    vendor: 'cloudflare',
    reason: 'Client Closed Request',
    description:
      'Cloudflare logs 499 when the visitor closed the connection before Cloudflare could send its response (its edge is derived from nginx).',
    cause: 'Visitors or API callers giving up, often because the origin answered slowly.',
    lookFirst: 'OriginResponseDurationMs for the 499s and the slowest origin paths.',
    retry: 'The client decides; align client timeouts and retry idempotent requests with backoff.',
  }),
  defineMeaning({
    code: 520,
    vendor: 'cloudflare',
    reason: 'Web Server Returned an Unknown Error',
    description:
      'Cloudflare got something it could not use from the origin: an empty reply, a reset connection, oversized headers or an invalid response.',
    cause:
      'The origin application crashing or resetting the connection mid-response, empty replies, response headers over the size Cloudflare accepts (large cookies), an origin firewall resetting Cloudflare connections.',
    lookFirst:
      'The origin web server and application error logs at the same timestamps, response header sizes, and whether the origin answers correctly when called directly.',
    retry: 'Retry with backoff; 520s that keep coming on one path are an origin bug.',
  }),
  defineMeaning({
    code: 521,
    vendor: 'cloudflare',
    reason: 'Web Server Is Down',
    description: "The origin refused Cloudflare's connection.",
    cause:
      "The web server process is stopped, it listens on a different port, or a firewall or security plugin at the origin rejects Cloudflare's address ranges.",
    lookFirst: "Is the origin web server running and listening on 80/443? Does its firewall allow Cloudflare's IP ranges?",
    retry: 'Retry with backoff; it clears once the origin accepts connections again.',
  }),
  defineMeaning({
    code: 522,
    vendor: 'cloudflare',
    reason: 'Connection Timed Out',
    description:
      'Cloudflare never managed to open a TCP connection to the origin (its connection attempt went unanswered for about 19 seconds), or the origin stopped acknowledging the request.',
    cause:
      "An overloaded origin, a firewall silently dropping Cloudflare's packets, a wrong origin address in DNS, or routing trouble at the host.",
    lookFirst: "Origin load and connection backlog, firewall rules that drop rather than reject, and the origin IP in Cloudflare's DNS record.",
    retry: 'Retry with backoff.',
  }),
  defineMeaning({
    code: 523,
    vendor: 'cloudflare',
    reason: 'Origin Is Unreachable',
    description: 'Cloudflare cannot reach the origin at all, for example because its DNS records point nowhere useful or routing fails.',
    cause: 'An origin DNS record pointing at a wrong or retired address, or a routing failure in the hosting network.',
    lookFirst: 'The origin records in Cloudflare DNS and reachability of that address from outside.',
    retry: 'Retries will not help until DNS or routing is fixed.',
  }),
  defineMeaning({
    code: 524,
    vendor: 'cloudflare',
    reason: 'A Timeout Occurred',
    description:
      'Cloudflare connected to the origin but got no HTTP response within its proxy read timeout (100 seconds in the sheets; newer documentation gives a 120 s default, longer on Enterprise plans).',
    cause:
      'Long-running requests at the origin: slow queries, reports and exports, lock waits, overloaded workers.',
    lookFirst: 'Origin slow-request and slow-query logs for the paths involved and requests lasting about 100 s or more.',
    retry: 'Retry with exponential backoff; long jobs should move to an asynchronous pattern (202 plus polling) rather than be retried.',
  }),
  defineMeaning({
    code: 525,
    vendor: 'cloudflare',
    reason: 'SSL Handshake Failed',
    description: 'Cloudflare could not complete a TLS handshake with the origin.',
    cause:
      'No certificate or TLS listener on the origin port while Cloudflare is set to Full or Strict SSL, missing SNI support, or no cipher or protocol in common.',
    lookFirst: "The origin's TLS set-up (certificate installed, port 443 speaking TLS, protocols and ciphers) and the Cloudflare SSL mode.",
    retry: 'No; fix the TLS configuration first.',
  }),
  defineMeaning({
    code: 526,
    vendor: 'cloudflare',
    reason: 'Invalid SSL Certificate',
    description: "Cloudflare could not validate the certificate the origin presented (Full strict mode).",
    cause: 'An expired or self-signed origin certificate, a hostname mismatch, or an incomplete chain.',
    lookFirst: "The origin certificate's expiry date, names and chain.",
    retry: 'No; renew or replace the certificate first.',
  }),
  defineMeaning({
    code: 527,
    vendor: 'cloudflare',
    reason: 'Railgun Error',
    description:
      "The link from Cloudflare to the origin's Railgun listener broke off. Railgun has been retired, so this only shows up in old set-ups.",
    cause: 'The Railgun listener down, timing out, or unreachable from Cloudflare.',
    lookFirst: 'The Railgun listener log and its network reachability.',
    retry: 'Retry with backoff.',
  }),
  defineMeaning({
    code: 530,
    vendor: 'cloudflare',
    reason: 'Origin DNS Error',
    description:
      'Cloudflare returns 530 together with a 1xxx error shown only in the HTML body, most often 1016 (the origin hostname could not be resolved). The log carries just the 530.',
    cause: 'An origin DNS record that is missing or does not resolve, or a hostname pointing at a resource that no longer exists.',
    lookFirst: 'The 1xxx number on the error page, then the origin DNS records.',
    retry: 'No point until DNS is fixed.',
  }),
];

const awsElb: CodeMeaning[] = [
  defineMeaning({
    code: 460,
    vendor: 'aws-elb',
    reason: 'Client Closed Connection',
    description:
      "AWS load balancer: the client closed the connection before the load balancer's idle timeout ran out; the equivalent of nginx's 499.",
    cause: "Callers whose timeout is shorter than the load balancer's idle timeout (60 s by default), waiting on slow targets.",
    lookFirst: "target_processing_time on the 460 lines against the callers' timeouts, and the slowest targets and paths.",
    retry: 'The client decides; align timeouts, and retry idempotent requests with backoff.',
  }),
  defineMeaning({
    code: 463,
    vendor: 'aws-elb',
    reason: 'X-Forwarded-For Too Long',
    description: 'AWS load balancer: the request carried an X-Forwarded-For header listing more than 30 IP addresses.',
    cause: 'A routing loop sending requests through the load balancer again and again, or clients forging huge X-Forwarded-For headers.',
    lookFirst: 'Proxy chains and redirects that lead back to the load balancer, and the X-Forwarded-For values of the rejected clients.',
    retry: 'No; break the loop or strip the header first.',
  }),
  defineMeaning({
    code: 464,
    vendor: 'aws-elb',
    reason: 'Incompatible Protocol',
    description:
      "AWS load balancer: the request's protocol does not match the target group's protocol version, for example HTTP/1.1 sent to a gRPC target group.",
    cause: 'A target group protocol version (HTTP/1.1, HTTP/2, gRPC) that differs from what the callers speak.',
    lookFirst: 'The target group protocol version against the listener and the clients.',
    retry: 'No; change the target group or the client protocol.',
  }),
  defineMeaning({
    code: 561,
    vendor: 'aws-elb',
    reason: 'Unauthorized',
    description:
      'AWS load balancer with an authenticate rule: the identity provider returned an error while signing the user in.',
    cause:
      'Identity-provider set-up errors (client secret, callback URL, token or user-info endpoint) or an outage at the provider (Cognito, OIDC).',
    lookFirst: "The error_reason field of the load balancer log, the identity provider's logs, and the listener rule's authentication settings.",
    retry: 'The user can sign in again once the provider problem is fixed; automatic retries will not help.',
  }),
];

/** Meanings that servers, CDNs and load balancers give codes in their own logs. */
/** Traefik's proxy (pkg/proxy/httputil): 499 on a cancelled request, 502 and 504 for the service's failures. */
const traefik: CodeMeaning[] = [
  defineMeaning({
    code: 499,
    vendor: 'traefik',
    reason: 'Client Closed Request',
    description:
      "Traefik's own status for a request the client cancelled while Traefik was still forwarding it to the service: nothing reached the client.",
    cause: 'Clients giving up, most often because the service answered slowly: users leaving, callers or load balancers with a shorter timeout than the service takes.',
    lookFirst: 'The Duration and OriginDuration of the 499s against the callers\' timeouts, and the service behind them (ServiceAddr); compare with any 504s.',
    retry: 'The client decides; align client timeouts and retry idempotent requests with backoff.',
  }),
];

export const SERVER_VENDOR_MEANINGS: readonly CodeMeaning[] = [...iis, ...nginx, ...cloudflare, ...awsElb, ...traefik];
