import { defineMeaning } from './define.js';
import type { CodeMeaning } from './types.js';

// Codes used by frameworks, hosting platforms and services but written into no RFC.
// Where no vendor id in CodeVendor fits the origin of a code, it is filed under 'proxy'
// (the catch-all for informal conventions) and the description says so.

export const UNOFFICIAL_MEANINGS: readonly CodeMeaning[] = [
  defineMeaning({
    code: 103,
    vendor: 'proxy',
    reason: 'Checkpoint',
    description:
      'From a never-standardised proposal for resumable uploads: tells the client how much of an interrupted PUT or POST the server kept so it can continue from there. It clashes with 103 Early Hints. No vendor in this registry owns it, so it is filed under "proxy" as an informal convention.',
  }),
  defineMeaning({
    code: 218,
    vendor: 'apache',
    reason: 'This is fine',
    description:
      "With ProxyErrorOverride on, Apache swaps the body of any 4xx or 5xx answer from a backend for its own error page. A backend can send 218 as a catch-all so its own error body reaches the client untouched. Its use in the wild is disputed.",
  }),
  defineMeaning({
    code: 419,
    vendor: 'laravel',
    reason: 'Page Expired',
    description:
      "Laravel's answer when a form post or AJAX call arrives with a missing or stale CSRF token, usually because the session behind it expired.",
    cause:
      'Sessions expiring while a form stays open, session cookies not sent back (SameSite, domain or secure-flag mismatch), session storage wiped (cache flush, new APP_KEY, sessions on local disk behind a load balancer), forms or scripts not sending the token.',
    lookFirst:
      'Session lifetime and driver settings, cookie domain and secure flags, and whether a deploy cleared sessions or changed APP_KEY; check if one server behind the balancer is the source.',
    retry: 'Reload the page to get a new token, then submit again; resending the old token always fails.',
  }),
  defineMeaning({
    code: 420,
    vendor: 'spring',
    reason: 'Method Failure',
    description:
      'An old Spring Framework code (from its WebDAV support) signalling that a method failed; deprecated and absent from current Spring releases.',
    cause: 'A legacy Spring application reporting that a handler method failed.',
    lookFirst: 'The application log of the Spring service around the failing requests, as for a 500.',
    retry: 'Treat it like a 500: never retry non-idempotent requests automatically.',
  }),
  defineMeaning({
    code: 420,
    vendor: 'twitter',
    reason: 'Enhance Your Calm',
    description:
      "Version 1 of Twitter's search and trends API sent this when a client was being rate limited; version 1.1 onwards uses 429 instead.",
    cause: 'Calling the old Twitter API, or reconnecting to its stream, too often.',
    lookFirst: 'Your request and reconnect rate towards the API.',
    retry: 'Back off exponentially before trying again; quick retries lengthen the penalty.',
  }),
  defineMeaning({
    code: 430,
    vendor: 'shopify',
    reason: 'Request Header Fields Too Large',
    description:
      'Shopify answers with 430, where others would use 429, when one client asks for too many URLs in a short time. Despite the name it is a rate or security block, not a header-size problem.',
    cause: 'Crawlers, scripts or load tests hitting a Shopify storefront too fast, or many callers sharing one outgoing address.',
    lookFirst: 'The request rate towards the store from the blocked address, and any scraper or monitor running there.',
    retry: 'Slow down and retry after a pause with backoff.',
  }),
  defineMeaning({
    code: 450,
    vendor: 'microsoft',
    reason: 'Blocked by Windows Parental Controls',
    description:
      'A Microsoft extension: Windows Parental Controls on the user\'s machine blocked the page.',
    cause: "Parental-control settings on the client's Windows account.",
    lookFirst: 'The client machine\'s parental-control settings; there is nothing to fix on the server.',
    retry: 'No; the block is set on the client.',
  }),
  defineMeaning({
    code: 498,
    vendor: 'esri',
    reason: 'Invalid Token',
    description: 'ArcGIS Server rejected the token sent with the request because it expired or is otherwise invalid.',
    cause:
      'Expired tokens, tokens issued for another referer or client address, tokens invalidated by a server key change or restart.',
    lookFirst: "ArcGIS Server token settings (lifetime, referer binding) and the client's token refresh logic.",
    retry: 'Get a new token, then retry once.',
  }),
  defineMeaning({
    code: 499,
    vendor: 'esri',
    reason: 'Token Required',
    description: 'ArcGIS Server: the service is secured and the request carried no token.',
    cause: 'A client calling a secured service without a token, or a service switched from public to secured.',
    lookFirst: 'The sharing and security settings of the ArcGIS service and the authentication set-up of the calling application.',
    retry: 'Only after obtaining a token.',
  }),
  defineMeaning({
    code: 499,
    vendor: 'proxy',
    reason: 'Request has been forbidden by antivirus',
    description:
      'Reported by some client-side programs, Wget among them, when security software intercepts a site judged malicious. No vendor in this registry owns it, so it is filed under "proxy". In a web server log, 499 nearly always has the nginx meaning instead.',
    cause: 'Antivirus or filtering software on the client side blocking the download.',
    lookFirst: "The client's antivirus or filtering-proxy log.",
    retry: 'No; the block is a deliberate decision.',
  }),
  defineMeaning({
    code: 508,
    vendor: 'apache',
    reason: 'Resource Limit Is Reached',
    description:
      'Shared hosting (cPanel with CloudLinux) answers 508 when an account hits its resource caps, such as entry processes, CPU or memory. On such hosts this, not WebDAV loop detection, is what a 508 usually means.',
    cause:
      'The hosting account exceeding its limits: traffic spikes, bots, or slow PHP scripts holding entry processes open.',
    lookFirst: 'The resource-usage page of the hosting control panel, slow scripts, and bot traffic in the access log.',
    retry: 'Back off; it clears when usage falls below the cap.',
  }),
  defineMeaning({
    code: 509,
    vendor: 'apache',
    reason: 'Bandwidth Limit Exceeded',
    description:
      'Shared hosts running Apache with cPanel send this when an account has used up the bandwidth the administrator allows.',
    cause: 'The account spent its bandwidth quota: large downloads, hotlinked images or video, crawlers.',
    lookFirst: 'Bandwidth statistics in the hosting control panel and the biggest transfers (bytes by path and referer) in the log.',
    retry: 'Not until the quota resets or is raised.',
  }),
  defineMeaning({
    code: 529,
    vendor: 'qualys',
    reason: 'Site is overloaded',
    description: 'The Qualys SSL Labs assessment API is too busy to accept the request.',
    cause: 'SSL Labs at capacity, or your client running more concurrent assessments than the API allows.',
    lookFirst: 'How many assessments your scanner runs at once against the API limits.',
    retry: 'Wait and retry later with backoff, with fewer assessments at once.',
  }),
  defineMeaning({
    code: 530,
    vendor: 'pantheon',
    reason: 'Site is frozen',
    description: 'The Pantheon hosting platform froze the site after a long period of inactivity.',
    cause: 'An inactive (typically sandbox) Pantheon site frozen automatically.',
    lookFirst: 'The site dashboard on Pantheon, where the site can be unfrozen.',
    retry: 'No; unfreeze the site first.',
  }),
  defineMeaning({
    code: 598,
    vendor: 'proxy',
    reason: 'Network read timeout error',
    description:
      'An informal convention of some HTTP proxies: the proxy timed out reading from the network behind it, and tells the client in front.',
    cause: 'An upstream or network segment behind the proxy too slow to answer.',
    lookFirst: "The proxy's upstream read timeout and the upstream's latency, as for a 504.",
    retry: 'Retry with exponential backoff, as for a 504.',
  }),
];
