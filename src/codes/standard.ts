import { defineMeaning } from './define.js';
import type { CodeMeaning } from './types.js';

// RFC 9110 (2022) is the current home of the core codes; where the sheets cite the older
// document that first defined a code, it is kept in brackets so both can be looked up.
// httpVersion follows the "HTTP Version" column of the reference table; codes that table
// does not list carry none rather than a guess.

const informational: CodeMeaning[] = [
  defineMeaning({
    code: 100,
    vendor: 'standard',
    reason: 'Continue',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.1',
    description:
      'Interim reply to a client that sent "Expect: 100-continue": its headers were accepted and it may now upload the body. A final status always follows.',
  }),
  defineMeaning({
    code: 101,
    vendor: 'standard',
    reason: 'Switching Protocols',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.1',
    description:
      'The server agrees to the Upgrade header and changes protocol on this connection, nearly always to WebSocket. In access logs its duration is the lifetime of the socket, not a slow request.',
  }),
  defineMeaning({
    code: 102,
    vendor: 'standard',
    reason: 'Processing',
    rfc: 'RFC 2518 (WebDAV)',
    description:
      'Interim WebDAV reply meaning "still working", sent during long operations so the client does not give up. Dropped from the later WebDAV specification but still registered.',
  }),
  defineMeaning({
    code: 103,
    vendor: 'standard',
    reason: 'Early Hints',
    rfc: 'RFC 8297',
    description:
      'Interim reply carrying Link headers (preload, preconnect) ahead of the final response, so a browser can start fetching stylesheets and scripts while the server is still building the page.',
  }),
];

const success: CodeMeaning[] = [
  defineMeaning({
    code: 200,
    vendor: 'standard',
    reason: 'OK',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9',
    description:
      'The request worked. What the body holds depends on the method: the resource for GET, the outcome of the action for POST, headers only for HEAD.',
    cacheable: true,
  }),
  defineMeaning({
    code: 201,
    vendor: 'standard',
    reason: 'Created',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9',
    description:
      'A new resource was made, usually by a POST (or a PUT to a new URL); the Location header normally points at it.',
  }),
  defineMeaning({
    code: 202,
    vendor: 'standard',
    reason: 'Accepted',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9',
    description:
      'The request was queued for later processing, with no promise that it will succeed. APIs use it for asynchronous jobs and return a way to poll for the result.',
  }),
  defineMeaning({
    code: 203,
    vendor: 'standard',
    reason: 'Non-Authoritative Information',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9 and HTTP/1.1',
    description:
      "A transforming proxy between client and origin altered the origin's successful response before passing it on. Rare in modern traffic.",
    cacheable: true,
  }),
  defineMeaning({
    code: 204,
    vendor: 'standard',
    reason: 'No Content',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9',
    description:
      'Success with headers only and no body. Typical for DELETE, for updates that return nothing, and for analytics beacons.',
    cacheable: true,
  }),
  defineMeaning({
    code: 205,
    vendor: 'standard',
    reason: 'Reset Content',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.1',
    description:
      'Success with no body, and the client should clear the form or view that sent the request.',
  }),
  defineMeaning({
    code: 206,
    vendor: 'standard',
    reason: 'Partial Content',
    rfc: 'RFC 9110 (first RFC 7233)',
    httpVersion: 'HTTP/1.1',
    description:
      'Only the byte range asked for in the Range header is sent. Download managers, resumed downloads and video players cause it; many 206s on one large file are normal streaming.',
    cacheable: true,
  }),
  defineMeaning({
    code: 207,
    vendor: 'standard',
    reason: 'Multi-Status',
    rfc: 'RFC 4918 (WebDAV)',
    description:
      'The body lists a separate status for each item of a WebDAV or batch operation. A 207 can hide failures: read the per-item statuses.',
  }),
  defineMeaning({
    code: 208,
    vendor: 'standard',
    reason: 'Already Reported',
    rfc: 'RFC 5842 (WebDAV)',
    description:
      'Used inside a WebDAV multi-status body for members of a binding that were already listed earlier in the same reply, so they are not repeated.',
  }),
  defineMeaning({
    code: 226,
    vendor: 'standard',
    reason: 'IM Used',
    rfc: 'RFC 3229',
    description:
      'The server answered a GET with the result of instance manipulations (delta encoding) applied to the current resource instead of the full resource. Seldom seen.',
  }),
];

const redirection: CodeMeaning[] = [
  defineMeaning({
    code: 300,
    vendor: 'standard',
    reason: 'Multiple Choices',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.0',
    description:
      'Several representations of the resource exist and the client or user should pick one; Location may name the preferred one. Rare in practice.',
    cacheable: true,
  }),
  defineMeaning({
    code: 301,
    vendor: 'standard',
    reason: 'Moved Permanently',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9',
    description:
      'The resource lives at the URL in Location from now on. Browsers cache it hard and may turn a POST into a GET when following it. Typical for http-to-https and domain moves.',
    cacheable: true,
  }),
  defineMeaning({
    code: 302,
    vendor: 'standard',
    reason: 'Found',
    formerReasons: ['Moved Temporarily'],
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9',
    description:
      'Temporary redirect to Location; the original URL stays valid. Clients have long changed POST to GET when following it, which is why 303 and 307 were added. Login redirects are the usual source.',
  }),
  defineMeaning({
    code: 303,
    vendor: 'standard',
    reason: 'See Other',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9 and HTTP/1.1',
    description:
      'Sends the client to another URL to fetch with GET whatever the original method was; the normal answer after a form POST (Post/Redirect/Get).',
  }),
  defineMeaning({
    code: 304,
    vendor: 'standard',
    reason: 'Not Modified',
    rfc: 'RFC 9110 (first RFC 7232)',
    httpVersion: 'HTTP/0.9',
    description:
      "Answer to a conditional request (If-None-Match or If-Modified-Since): the client's cached copy is still current, so no body is sent. It refreshes a stored response rather than being stored itself, so it is not in the heuristically cacheable list. Many 304s mean caching works.",
  }),
  defineMeaning({
    code: 305,
    vendor: 'standard',
    reason: 'Use Proxy',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.1',
    description:
      'Asked the client to repeat the request through the proxy named in Location. Deprecated for security reasons; browsers ignore it.',
  }),
  defineMeaning({
    code: 306,
    vendor: 'standard',
    reason: 'Switch Proxy',
    rfc: 'RFC 9110 (reserved, unused)',
    httpVersion: 'HTTP/1.1',
    description:
      'Reserved and no longer used. An early HTTP/1.1 draft meant it to tell clients to send later requests through another proxy. Seeing it in a log points at a very old or buggy application.',
  }),
  defineMeaning({
    code: 307,
    vendor: 'standard',
    reason: 'Temporary Redirect',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.1',
    description:
      'Temporary redirect that obliges the client to repeat the same method and body at Location; later requests still go to the original URL.',
  }),
  defineMeaning({
    code: 308,
    vendor: 'standard',
    reason: 'Permanent Redirect',
    rfc: 'RFC 9110 (first RFC 7538)',
    httpVersion: 'HTTP/1.1 (experimental draft at first)',
    description:
      'Permanent redirect that, unlike 301, forbids changing the method: a POST is repeated as a POST at the new URL. The method-safe choice for permanent http-to-https moves.',
    cacheable: true,
  }),
];

const clientError: CodeMeaning[] = [
  defineMeaning({
    code: 400,
    vendor: 'standard',
    reason: 'Bad Request',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9',
    description:
      'The server will not process the request because something in it is malformed: the request line, the headers, the message framing, or a body the application cannot parse.',
    cause:
      'Malformed request lines or headers (scanners, TLS sent to a plain-HTTP port, broken clients), invalid JSON or missing fields rejected by the application, oversized or corrupt cookies. nginx logs its 494-497 (header too large, client certificate problems, HTTP on the HTTPS port) as 400.',
    lookFirst:
      'The logged request field: empty, "-" or binary junk means a non-HTTP client or a scanner and is noise. Otherwise the user agents and paths involved and the application validation log; a jump right after a deploy points at a changed API contract.',
    retry: 'Do not retry unchanged; the same request fails the same way. Fix the client or the request first.',
  }),
  defineMeaning({
    code: 401,
    vendor: 'standard',
    reason: 'Unauthorized',
    rfc: 'RFC 9110 (first RFC 7235)',
    httpVersion: 'HTTP/0.9',
    description:
      'The request has no valid credentials; the response carries a WWW-Authenticate challenge. Despite the name it means "not authenticated", not "not allowed".',
    cause:
      'Missing, expired or revoked tokens and sessions, wrong API keys, clock skew breaking token checks, a signing-key rotation or identity-provider fault. With IIS Windows authentication a 401 followed by a 200 is just the normal NTLM/Negotiate handshake.',
    lookFirst:
      'Who gets it: a single client points at its credentials; every client at once points at the auth service, its keys or the server clock. Then the authentication or identity-provider logs.',
    retry:
      'Only after getting fresh credentials (refresh the token once). Repeating with the same credentials fails again and can trigger account lockouts.',
  }),
  defineMeaning({
    code: 402,
    vendor: 'standard',
    reason: 'Payment Required',
    rfc: 'RFC 9110 (reserved)',
    httpVersion: 'HTTP/0.9 and HTTP/1.1',
    description:
      'Set aside for payment schemes and never given standard semantics. Some services use it anyway: exhausted API quota, unpaid account or shop, declined payment.',
    cause: 'A third-party or in-house service reporting an unpaid, suspended or over-quota account, or a declined payment.',
    lookFirst: "The response body and the provider's billing or quota page; which account or API key the failing calls use.",
    retry: 'No automatic retry; it clears only once the account, payment or quota issue is settled.',
  }),
  defineMeaning({
    code: 403,
    vendor: 'standard',
    reason: 'Forbidden',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9',
    description:
      'The server understood the request and refuses it: the caller lacks permission, its address is blocked, or the action is not allowed.',
    cause:
      'Missing role or scope, file permissions on static files, directory listing disabled (IIS 403.14), IP allow/deny rules, a WAF or bot-protection rule, failed CSRF checks, expired signed URLs.',
    lookFirst:
      'Whether it is one client (a blocked address or user) or everyone on one path (permissions, a WAF rule, a deploy). Then WAF or firewall logs, server access rules and file ownership; on IIS the sub-status names the rule.',
    retry: 'Do not retry; the answer stays the same until permissions or rules change.',
  }),
  defineMeaning({
    code: 404,
    vendor: 'standard',
    reason: 'Not Found',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9',
    description:
      'Nothing is served at that URL, though something may be later. Servers also use it to hide resources the caller may not see.',
    cacheable: true,
    cause:
      'Broken links and old bookmarks, scanners probing for admin pages or secrets files, a release that renamed routes or dropped static assets, a wrong document root or proxy route, case-sensitive paths after a platform move.',
    lookFirst:
      'The top 404 paths and their referers: probes for paths you never had are noise; your own scripts, stylesheets or API routes right after a deploy mean a broken release or routing rule.',
    retry:
      'Not for the same URL. The one exception is a resource that was just created elsewhere (replication lag): a few spaced retries are reasonable there.',
  }),
  defineMeaning({
    code: 405,
    vendor: 'standard',
    reason: 'Method Not Allowed',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.1',
    description:
      'The URL exists but does not accept this method; the Allow header should list the methods it does accept.',
    cacheable: true,
    cause:
      'Clients using the wrong verb (GET on a POST-only endpoint, PUT on read-only data), a route registered for fewer methods after a change, WebDAV verbs such as PROPFIND on a plain server, POST to a static file (nginx answers 405).',
    lookFirst: 'Method and path pairs in the log, then the route definitions or server configuration for those paths.',
    retry: 'Do not retry; change the method or the route.',
  }),
  defineMeaning({
    code: 406,
    vendor: 'standard',
    reason: 'Not Acceptable',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.1',
    description:
      "The server has no representation matching the client's Accept, Accept-Language or Accept-Encoding headers.",
    cause:
      'A client insisting on a media type the endpoint does not produce (XML only where the API speaks JSON), strict framework content negotiation; some security modules such as ModSecurity also answer 406.',
    lookFirst: "The caller's Accept headers and user agent, the framework's negotiation settings, and any WAF rules.",
    retry: 'Do not retry unchanged; fix the Accept headers.',
  }),
  defineMeaning({
    code: 407,
    vendor: 'standard',
    reason: 'Proxy Authentication Required',
    rfc: 'RFC 9110 (first RFC 7235)',
    httpVersion: 'HTTP/1.1',
    description:
      'Like 401, but it is a proxy between client and server that wants credentials, announced in Proxy-Authenticate.',
    cause: 'A forward proxy demanding login; missing or expired proxy credentials in the client or service settings.',
    lookFirst: "The proxy's own log and the caller's proxy settings (HTTP_PROXY, HTTPS_PROXY and the like).",
    retry: 'Only once proxy credentials are supplied.',
  }),
  defineMeaning({
    code: 408,
    vendor: 'standard',
    reason: 'Request Timeout',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.1',
    description:
      'The server stopped waiting for the client to finish sending its request and closed the connection.',
    cause:
      'Browsers opening spare connections they never use (harmless, logged with an empty request line), slow or stalled uploads, poor mobile links, slow-read attacks. A burst across many clients can mean a network fault or a proxy in front forwarding incomplete requests.',
    lookFirst:
      'Whether the request line is "-" or empty (idle pre-connections, ignore them); otherwise the spread of clients, upload sizes, and the server read timeouts (nginx client_header_timeout and client_body_timeout, Apache Timeout and RequestReadTimeout).',
    retry: 'The client may send the same request again; retry idempotent requests with backoff.',
  }),
  defineMeaning({
    code: 409,
    vendor: 'standard',
    reason: 'Conflict',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.1',
    description:
      "The request clashes with the resource's current state, for example two edits at once or a value that must be unique.",
    cause:
      'Concurrent updates to one record, duplicate creates (double submits, clients retrying after a timeout), version or lock conflicts.',
    lookFirst:
      'The paths and callers involved, the application log for the contested resource, and whether retried timeouts are producing duplicates.',
    retry: 'Not blindly: re-read the resource, resolve the conflict, then send again.',
  }),
  defineMeaning({
    code: 410,
    vendor: 'standard',
    reason: 'Gone',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.1',
    description:
      'The resource was removed on purpose and will not return; crawlers and clients should forget the URL.',
    cacheable: true,
    cause: 'Content retired deliberately, or an old API version switched off.',
    lookFirst: 'Which callers still use the URL (user agents, API keys, referers) so they can be moved on.',
    retry: 'Never; the resource is not coming back.',
  }),
  defineMeaning({
    code: 411,
    vendor: 'standard',
    reason: 'Length Required',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.1',
    description: 'The server insists on a Content-Length header for this request and none was sent.',
    cause:
      'A client streaming its body with chunked transfer encoding to a server or proxy that refuses it, or a body-less POST sent without Content-Length.',
    lookFirst: 'The client library (user agent) and how the server or proxy treats chunked request bodies.',
    retry: 'Do not retry unchanged; send a Content-Length.',
  }),
  defineMeaning({
    code: 412,
    vendor: 'standard',
    reason: 'Precondition Failed',
    rfc: 'RFC 9110 (first RFC 7232)',
    httpVersion: 'HTTP/1.1',
    description:
      'A condition attached by the client (If-Match, If-Unmodified-Since, If-None-Match) turned out false, so the request was not applied.',
    cause:
      'Optimistic locking doing its job: someone changed the resource after the client read it. Also ETags that differ between servers behind one load balancer, which fails every conditional write.',
    lookFirst: 'Which resources have concurrent writers, and whether every node produces the same ETag for the same content.',
    retry: 'Fetch the current version and its ETag, merge, and send again; the old request will keep failing.',
  }),
  defineMeaning({
    code: 413,
    vendor: 'standard',
    reason: 'Content Too Large',
    formerReasons: ['Payload Too Large', 'Request Entity Too Large'],
    rfc: 'RFC 9110 (first RFC 7231)',
    httpVersion: 'HTTP/1.1',
    description: 'The request body is larger than the server or a proxy on the way is willing to take.',
    cause:
      'Uploads over a size limit: nginx client_max_body_size (1 MB by default), Apache LimitRequestBody, IIS maxAllowedContentLength, load-balancer or framework limits.',
    lookFirst:
      'The upload endpoints and request sizes involved, then the body-size limit on every hop from the edge to the application; the smallest limit wins.',
    retry:
      'Not with the same body. Only a Retry-After header makes the limit temporary; otherwise shrink or split the upload, or raise the limit.',
  }),
  defineMeaning({
    code: 414,
    vendor: 'standard',
    reason: 'URI Too Long',
    formerReasons: ['Request-URI Too Long'],
    rfc: 'RFC 9110 (first RFC 7231)',
    httpVersion: 'HTTP/1.1',
    description: 'The request target (path plus query string) exceeds the length the server is prepared to read.',
    cacheable: true,
    cause:
      'Huge query strings (filters, state or tracking data packed into the URL), redirect loops that grow the URL on every hop, attacks; limits such as nginx large_client_header_buffers or IIS maxUrl and maxQueryString.',
    lookFirst: 'The longest logged URLs and their referers, and whether one client keeps growing the URL (a redirect loop).',
    retry: 'Do not retry; move the data into a POST body or break the loop.',
  }),
  defineMeaning({
    code: 415,
    vendor: 'standard',
    reason: 'Unsupported Media Type',
    rfc: 'RFC 9110 (first RFC 7231)',
    httpVersion: 'HTTP/1.1',
    description: "The server will not accept the request body's format, as declared by Content-Type or Content-Encoding.",
    cause:
      'A wrong or missing Content-Type (form encoding sent where JSON is expected), a compressed body the server cannot decode, an endpoint narrowed to one media type.',
    lookFirst: 'The Content-Type the client library sends and what the endpoint accepts.',
    retry: 'Do not retry unchanged; send the expected media type.',
  }),
  defineMeaning({
    code: 416,
    vendor: 'standard',
    reason: 'Range Not Satisfiable',
    formerReasons: ['Requested Range Not Satisfiable'],
    rfc: 'RFC 9110 (first RFC 7233)',
    httpVersion: 'HTTP/1.1',
    description: 'The byte range asked for lies outside the resource, for example past the end of the file.',
    cause:
      'Download resumers asking for bytes beyond the end after the file was replaced or shrank, caches or CDN nodes holding a stale length, buggy media players.',
    lookFirst: 'The affected files and their sizes: was a file replaced by a shorter one, and do cache nodes and the origin agree on its length?',
    retry: 'Retry without the Range header (fetch the whole file) rather than repeating the range.',
  }),
  defineMeaning({
    code: 417,
    vendor: 'standard',
    reason: 'Expectation Failed',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.1',
    description: "The server cannot meet the client's Expect header, almost always Expect: 100-continue.",
    cause:
      'Clients (curl, .NET, some SDKs) that add Expect: 100-continue to uploads, going through a proxy or server that rejects it.',
    lookFirst: 'The user agent, whether the request carried Expect, and how each proxy handles 100-continue.',
    retry: 'Send the request again without the Expect header.',
  }),
  defineMeaning({
    code: 418,
    vendor: 'standard',
    reason: "I'm a teapot",
    rfc: 'RFC 2324, RFC 7168',
    description:
      'A 1998 April Fools\' code from the coffee-pot control protocol: a teapot refusing to brew coffee. HTTP keeps the number reserved so nobody reuses it; some sites return it as a joke or to turn bots away.',
    official: false,
    cause: 'An easter egg, a bot-blocking rule or a test endpoint answering 418 on purpose; never a real server fault.',
    lookFirst: 'The application route or WAF rule that returns it, and which paths and clients hit it.',
    retry: 'No; the answer is deliberate.',
  }),
  defineMeaning({
    code: 421,
    vendor: 'standard',
    reason: 'Misdirected Request',
    rfc: 'RFC 9110 (first RFC 7540)',
    description:
      'The request reached a server that will not answer for that scheme and host, typically because an HTTP/2 connection opened for one hostname was reused for another.',
    cause:
      'HTTP/2 connection reuse across hostnames that share a certificate (wildcard or multi-name) but not a server block, a TLS server name that does not match the Host header, inconsistent virtual-host settings.',
    lookFirst: 'Host header against TLS server name, the virtual hosts sharing the certificate, and recent certificate changes.',
    retry: 'Retry on a fresh connection; browsers do this on their own.',
  }),
  defineMeaning({
    code: 422,
    vendor: 'standard',
    reason: 'Unprocessable Content',
    formerReasons: ['Unprocessable Entity'],
    rfc: 'RFC 9110 (first RFC 4918, WebDAV)',
    description:
      'The body parsed fine but its content fails validation, such as a negative age in otherwise valid JSON.',
    cause:
      'Schema or business-rule validation in the application; a client sending a field in a format the API no longer accepts.',
    lookFirst: 'The response body or the validation log for the endpoint, and whether it started with a client or API release.',
    retry: 'Do not retry unchanged; correct the data.',
  }),
  defineMeaning({
    code: 423,
    vendor: 'standard',
    reason: 'Locked',
    rfc: 'RFC 4918 (WebDAV)',
    description: 'The WebDAV resource is locked, so the method may not change it.',
    cause: 'A lock held by another user, or a stale lock left by a client that crashed (office documents, sync tools).',
    lookFirst: "The WebDAV server's lock store: who holds the lock on the path and when it expires.",
    retry: 'Retry later with backoff, once the lock is released or times out.',
  }),
  defineMeaning({
    code: 424,
    vendor: 'standard',
    reason: 'Failed Dependency',
    rfc: 'RFC 4918 (WebDAV)',
    description:
      'This part of a WebDAV request was not carried out because another part it relied on, such as a PROPPATCH step, failed.',
    cause: 'An earlier step of a multi-step WebDAV operation failing.',
    lookFirst: 'The multi-status body or server log for the first step that failed; fix that one.',
    retry: 'Only after the failing step is fixed.',
  }),
  defineMeaning({
    code: 425,
    vendor: 'standard',
    reason: 'Too Early',
    rfc: 'RFC 8470',
    description:
      'The server refuses to act on a request sent as TLS 1.3 early data (0-RTT) because an attacker could replay it.',
    cause:
      'Clients resuming TLS with 0-RTT for requests that are not safe to replay, or a CDN or proxy with early data switched on forwarding them.',
    lookFirst: 'Early-data settings at the TLS terminator (nginx ssl_early_data, CDN 0-RTT switch) and the Early-Data header reaching the origin.',
    retry: 'Retry once the handshake has completed, without early data; browsers do it automatically.',
  }),
  defineMeaning({
    code: 426,
    vendor: 'standard',
    reason: 'Upgrade Required',
    rfc: 'RFC 9110',
    description:
      'The server will not serve the request over the current protocol and names the one it wants in the Upgrade header, for example TLS or a newer HTTP version.',
    cause:
      'Clients using plain HTTP or an outdated protocol version where the server demands another, or WebSocket endpoints called without the upgrade handshake.',
    lookFirst: 'The protocol and user agents of the affected requests and the Upgrade header in the response.',
    retry: 'Retry with the protocol named in the Upgrade header.',
  }),
  defineMeaning({
    code: 428,
    vendor: 'standard',
    reason: 'Precondition Required',
    rfc: 'RFC 6585',
    description:
      'The server demands conditional writes (If-Match) to prevent lost updates, and this request had no condition.',
    cause: 'A client updating a resource without sending back the ETag it read.',
    lookFirst: 'The client code path that writes without If-Match.',
    retry: 'Read the resource, then resend the write with If-Match.',
  }),
  defineMeaning({
    code: 429,
    vendor: 'standard',
    reason: 'Too Many Requests',
    rfc: 'RFC 6585',
    description:
      'The caller went over a rate limit. Retry-After may say when it can come back.',
    cause:
      'A client or bot looping or retrying too fast, a traffic spike, a limit set too low, many users behind one NAT or proxy address sharing a quota, or an upstream API throttling you.',
    lookFirst:
      'The top clients and paths behind the 429s: one address is a noisy caller, many at once is the limit or a spike. Then the rate-limit settings (nginx limit_req, WAF or API-gateway rules).',
    retry:
      'Only after the Retry-After delay, with exponential backoff and jitter; tight retry loops keep the block in place.',
  }),
  defineMeaning({
    code: 431,
    vendor: 'standard',
    reason: 'Request Header Fields Too Large',
    rfc: 'RFC 6585',
    description: 'A single header, or all headers together, are larger than the server will read.',
    cause:
      "Cookies piling up on a domain, large bearer tokens with many claims, redirect loops adding headers; limits such as nginx large_client_header_buffers or Node's maximum header size.",
    lookFirst: 'Cookie sizes on the affected domain and the header-size limit on each hop.',
    retry: 'Do not retry unchanged; clear cookies or shrink the headers.',
  }),
  defineMeaning({
    code: 451,
    vendor: 'standard',
    reason: 'Unavailable For Legal Reasons',
    rfc: 'RFC 7725',
    description:
      'Access is refused because of a legal demand such as a court order or takedown notice; the number nods to Fahrenheit 451. A Link header may point at the demand.',
    cause: 'Geo-blocks or takedowns set up for legal compliance (court orders, copyright notices, sanctions).',
    lookFirst: 'The legal or geo-blocking rules in force and the countries of the affected clients.',
    retry: 'No; it lasts until the legal block is lifted.',
  }),
];

const serverError: CodeMeaning[] = [
  defineMeaning({
    code: 500,
    vendor: 'standard',
    reason: 'Internal Server Error',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9',
    description: 'A generic server failure: something unexpected broke and no more precise code fits.',
    cause:
      'An unhandled exception in the application: a bug, an unexpected null, a failing database call, bad configuration shipped in a release. On IIS, sub-status 500.19 means the web.config is invalid and the whole site is down.',
    lookFirst:
      'The application error log or error tracker (e.g. Sentry) at the times of the 500s, grouped by path; check whether they began with a deploy or configuration change.',
    retry:
      'Never retry non-idempotent requests (POST, payments) automatically: the server may already have acted. Idempotent requests may be retried once or twice with backoff.',
  }),
  defineMeaning({
    code: 501,
    vendor: 'standard',
    reason: 'Not Implemented',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9',
    description:
      'The server lacks the functionality the request needs, typically a method it does not know at all (405, by contrast, is per resource).',
    cacheable: true,
    cause: 'Unusual or made-up methods (often scanners), features not built yet, proxies that do not support a method or transfer coding.',
    lookFirst: 'The methods on the affected lines and who sends them; scanners are the usual source.',
    retry: 'No; it will not work until the server supports it.',
  }),
  defineMeaning({
    code: 502,
    vendor: 'standard',
    reason: 'Bad Gateway',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9',
    description:
      'A proxy or gateway (nginx, a load balancer, a CDN) got an invalid answer, or none, from the upstream server behind it.',
    cause:
      'The upstream app crashed, is restarting, or is not listening on the port or socket the proxy points at; connections refused or reset; malformed or oversized upstream headers; nginx "no live upstreams" when every server is marked down.',
    lookFirst:
      'Is the upstream process running and listening on the configured port? Then the proxy error log (connection refused, upstream closed prematurely) and the upstream or target status; a spike during a deploy means restarts without draining.',
    retry: 'Safe to retry with backoff: usually a passing proxy-to-upstream failure. Prefer idempotent requests.',
  }),
  defineMeaning({
    code: 503,
    vendor: 'standard',
    reason: 'Service Unavailable',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/0.9',
    description:
      'The server cannot take the request right now because it is overloaded or in maintenance; usually temporary, and Retry-After may say for how long.',
    cause:
      'Overload (workers, connection pools or queues exhausted), maintenance mode, a deploy in progress, no healthy targets behind the load balancer, an open circuit breaker, nginx limit_req rejections (503 by default), an IIS application pool that stopped or crashed (503.0) or hit its concurrency limit (503.2).',
    lookFirst: 'CPU, memory and connection counts on the app servers, deployment status, backend health checks and maintenance flags.',
    retry: 'Honour Retry-After when present, otherwise back off exponentially; do not hammer a service that is already overloaded.',
  }),
  defineMeaning({
    code: 504,
    vendor: 'standard',
    reason: 'Gateway Timeout',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.1',
    description: "A proxy or gateway gave up waiting for the upstream server's response.",
    cause:
      'The upstream is too slow or stuck: slow database queries, lock waits, slow third-party calls, saturated thread pools; or a proxy timeout (nginx proxy_read_timeout, 60 s by default; ALB idle timeout, 60 s) shorter than legitimate work.',
    lookFirst:
      'Slow-query logs and upstream latency, then the timeout on every hop. If the 504s all last the same time (60.0 s, say), a timeout value is being hit.',
    retry:
      'Retry with exponential backoff; if it persists, fix the slow path or raise the timeout instead of retrying harder. The upstream may have finished the work, so be careful with non-idempotent requests.',
  }),
  defineMeaning({
    code: 505,
    vendor: 'standard',
    reason: 'HTTP Version Not Supported',
    rfc: 'RFC 9110',
    httpVersion: 'HTTP/1.1',
    description: 'The server refuses the HTTP version named in the request line.',
    cause:
      'Garbled request lines whose version token is junk, scanners, very old or unusual clients, a protocol version disabled on one hop.',
    lookFirst: 'The protocol field of the request lines and the clients sending them.',
    retry: 'No; the client has to use a supported version.',
  }),
  defineMeaning({
    code: 506,
    vendor: 'standard',
    reason: 'Variant Also Negotiates',
    rfc: 'RFC 2295',
    description:
      'Server-side content negotiation is misconfigured: the variant chosen is itself set up to negotiate, which would loop.',
    cause: 'A transparent-negotiation setup (Apache type maps or MultiViews) that refers back to itself.',
    lookFirst: 'The negotiation configuration for the path (type-map files, MultiViews options).',
    retry: 'No; it is a server configuration error.',
  }),
  defineMeaning({
    code: 507,
    vendor: 'standard',
    reason: 'Insufficient Storage',
    rfc: 'RFC 4918 (WebDAV)',
    description: 'The server has no room to store what the request needs, for example a WebDAV upload onto a full disk or quota.',
    cause: 'A full disk or an exhausted user quota on the storage backend.',
    lookFirst: 'Free space and quotas on the storage volume (df -h), runaway logs and temporary files.',
    retry: 'Only after space has been freed; until then it fails again.',
  }),
  defineMeaning({
    code: 508,
    vendor: 'standard',
    reason: 'Loop Detected',
    rfc: 'RFC 5842 (WebDAV)',
    description:
      'The server found an endless loop while walking a WebDAV collection at infinite depth, and sent this in place of 208.',
    cause: 'WebDAV bindings or symbolic links that form a cycle.',
    lookFirst: 'The directory tree and bindings beneath the path.',
    retry: 'No; break the cycle first.',
  }),
  defineMeaning({
    code: 510,
    vendor: 'standard',
    reason: 'Not Extended',
    rfc: 'RFC 2774',
    description:
      'The request needs an HTTP extension declaration that the client did not send. The extension framework behind it never caught on.',
    cause: 'A server enforcing an HTTP Extension Framework policy the request does not meet; very rare.',
    lookFirst: "The response body, which should describe the extension required, and the server's extension policy.",
    retry: 'No; add the required extension first.',
  }),
  defineMeaning({
    code: 511,
    vendor: 'standard',
    reason: 'Network Authentication Required',
    rfc: 'RFC 6585',
    description:
      'A network between client and server (a captive portal on hotel or airport Wi-Fi) wants the user to sign in before letting traffic through.',
    cause: 'A captive portal or intercepting proxy on the client side; in your own server logs it only appears if you run such a portal.',
    lookFirst: "The affected clients' network path, or the portal configuration if it is yours.",
    retry: 'After the user has signed in to the network.',
  }),
];

/** Every code with a meaning in the HTTP specifications, in numeric order. */
export const STANDARD_MEANINGS: readonly CodeMeaning[] = [
  ...informational,
  ...success,
  ...redirection,
  ...clientError,
  ...serverError,
];
