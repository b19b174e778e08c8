/**
 * Advice tables for the signals of the CDN and cloud load balancer formats: CloudFront's edge
 * result, Google Cloud's statusDetails and Traefik's OriginStatus (src/triage/signals.ts looks them
 * up by kind). The meanings follow each vendor's documentation of the field, in our words.
 */
import type { SignalAdvice, SignalTable } from './signal-table.js';

const ORIGIN_UNREACHABLE: SignalAdvice = {
  headline: 'CloudFront could not connect to the origin',
  note: 'the edge could not open a connection to the origin (refused, reset, or nothing listening).',
  retry: 'Retry with backoff once the origin is reachable again; retries from every edge at once add load to an origin that is coming back.',
  lookFirst: "The origin's health and listening port, its security groups or firewall for CloudFront's address ranges, and the origin protocol and port in the distribution.",
};

const ORIGIN_BAD_ANSWER: SignalAdvice = {
  headline: 'the origin answered CloudFront with something invalid',
  note: 'the origin sent a response CloudFront could not use.',
  retry: 'Here retrying rarely helps: the origin answers the same way until it is fixed.',
  lookFirst: "The origin's responses for these paths (status line, headers, Content-Length against the body) and its application logs.",
};

/** x-edge-detailed-result-type, else x-edge-result-type (CloudFront developer guide, "Standard log file fields"). */
const CLOUDFRONT_EDGE_RESULTS: Readonly<Record<string, SignalAdvice>> = {
  OriginConnectError: ORIGIN_UNREACHABLE,
  OriginDnsError: {
    headline: "CloudFront could not resolve the origin's domain name",
    note: "the edge could not resolve the origin's domain name, so no request reached it.",
    retry: 'Here retrying will not help until the name resolves.',
    lookFirst: "The origin domain name in the distribution and its DNS records (a deleted record, an expired domain, a typo after a change).",
  },
  OriginCommError: {
    headline: 'the origin timed out',
    note: 'connecting to the origin or reading its response took longer than CloudFront waits.',
    retry: 'Retry idempotent requests with backoff; raise the origin response timeout only if the origin is slow by design.',
    lookFirst: "The origin's latency for these paths, its load, and the distribution's origin connection and response timeouts.",
  },
  OriginReadError: { ...ORIGIN_UNREACHABLE, headline: 'CloudFront could not read from the origin', note: 'the connection to the origin failed while CloudFront was reading the response.' },
  OriginWriteError: { ...ORIGIN_UNREACHABLE, headline: 'CloudFront could not write to the origin', note: 'the connection to the origin failed while CloudFront was sending the request.' },
  AbortedOrigin: { ...ORIGIN_UNREACHABLE, headline: 'the origin connection broke', note: 'CloudFront met a problem with the origin while the request was in flight.' },
  OriginError: { ...ORIGIN_BAD_ANSWER, headline: 'the origin returned an incorrect response', note: 'the origin returned a response CloudFront judged incorrect.' },
  OriginInvalidResponseError: ORIGIN_BAD_ANSWER,
  OriginHeaderTooBigError: { ...ORIGIN_BAD_ANSWER, headline: "the origin's response headers were too big", note: 'a header the origin returned was too big for the edge to process.' },
  OriginContentRangeLengthError: { ...ORIGIN_BAD_ANSWER, headline: "the origin's Content-Length did not match its Content-Range", note: "the origin's Content-Length disagreed with its Content-Range." },
  OriginZeroSizeObjectError: { ...ORIGIN_BAD_ANSWER, headline: 'the origin sent an empty object', note: 'a zero-size object from the origin led to an error.' },
  SlowReaderOriginError: {
    headline: 'the viewer read too slowly',
    note: 'the viewer was slow to read the response of an origin error.',
    lookFirst: 'The origin errors behind these requests, then the viewers concerned.',
  },
  ClientCommError: {
    headline: 'the connection to the viewer broke',
    note: 'the response was interrupted by a communication problem between the edge and the viewer.',
    retry: 'The viewer decides; nothing on the origin to fix.',
  },
  ClientHungUpRequest: {
    headline: 'viewers hung up while sending',
    note: 'the viewer stopped before it had sent the whole request.',
    retry: 'The viewer decides; nothing on the origin to fix.',
  },
  ClientGeoBlocked: {
    headline: 'geographic restriction',
    note: "the distribution refuses viewers from the viewer's location.",
    retry: 'Here retrying will not help: the restriction is configured.',
    lookFirst: "The distribution's geographic restrictions.",
  },
  LimitExceeded: {
    headline: 'a CloudFront quota was exceeded',
    note: 'CloudFront denied the request because a quota was exceeded.',
    retry: 'Retry with backoff; ask for a quota increase if it persists.',
    lookFirst: "CloudFront's quotas for the distribution (requests per second, for example) and the traffic at these times.",
  },
  CapacityExceeded: {
    headline: 'the edge lacked capacity',
    note: 'the edge server answered 503 because it did not have the capacity to serve the object at that moment.',
    retry: 'Retry with backoff; this is on the CloudFront side and usually passes.',
    lookFirst: 'Whether the errors concentrate on one edge location (x-edge-location) and the AWS Health Dashboard.',
  },
  InvalidRequestCertificate: {
    headline: 'the certificate does not match the distribution',
    note: "the distribution does not match the TLS certificate the viewer's connection was established with.",
    retry: 'Here retrying will not help.',
    lookFirst: "The distribution's alternate domain names and its certificate.",
  },
  InvalidRequestMethod: {
    headline: 'the method is not allowed by the distribution',
    note: 'the distribution is not configured to handle the request method used.',
    retry: 'Here retrying will not help.',
    lookFirst: "The cache behavior's allowed HTTP methods.",
  },
  InvalidRequestBlocked: { headline: 'access to the resource is blocked', note: 'access to the requested resource is blocked.', retry: 'Here retrying will not help.' },
};

/** jsonPayload.statusDetails of the external Application Load Balancer (Google Cloud's logging reference). */
const GCP_STATUS_DETAILS: Readonly<Record<string, SignalAdvice>> = {
  failed_to_connect_to_backend: {
    headline: 'the load balancer could not connect to the backend',
    note: 'the load balancer failed to open a connection to the backend it picked.',
    retry: 'Retry with backoff once backends are serving; a retry may reach a healthy one.',
    lookFirst: "The backends' serving process and port (the named port of the instance group), firewall rules for the load balancer's ranges (130.211.0.0/22, 35.191.0.0/16), and the backends' health.",
  },
  failed_to_pick_backend: {
    headline: 'no healthy backend to send the request to',
    note: 'the load balancer found no healthy backend for the request.',
    retry: 'Retry with backoff; it passes only when backends turn healthy.',
    lookFirst: "The backend service's health check results and its backends (empty instance group, failing health check, wrong port).",
  },
  backend_timeout: {
    headline: 'the backend timed out',
    note: "the backend did not answer within the backend service's timeout.",
    retry: 'Retry idempotent requests with backoff; raise the backend service timeout only if the backend is slow by design.',
    lookFirst: "The backend's latency and load for these paths, and the backend service timeout (30 s unless changed).",
  },
  backend_connection_closed_before_data_sent_to_client: {
    headline: 'the backend closed the connection early',
    note: 'the backend closed its connection before the load balancer had sent the response to the client.',
    retry: 'Retry idempotent requests with backoff.',
    lookFirst: "The backend's keepalive timeout: it must be longer than the load balancer's HTTP keepalive timeout (600 s, or 610 s for the global external load balancer), or the backend closes connections the load balancer still reuses.",
  },
  backend_connection_closed_after_partial_response_sent: {
    headline: 'the backend closed the connection mid-response',
    note: 'the backend closed its connection after part of the response had gone to the client.',
    lookFirst: "The backend's application logs and crashes at these times, and its keepalive timeout.",
  },
  backend_early_response_with_non_error_status: {
    headline: 'the backend answered before the request was sent',
    note: 'the backend sent a non-error response before it had received the whole request body.',
    lookFirst: "The backend's handling of request bodies on these paths.",
  },
  backend_interim_response_not_supported: { headline: 'the backend sent an unsupported interim response', note: 'the backend sent a 1xx response the load balancer does not support.' },
  backend_response_corrupted: { headline: 'the backend response was corrupted', note: 'the backend sent a response the load balancer could not parse.', lookFirst: "The backend's response headers and framing on these paths." },
  response_sent_by_backend: {
    headline: 'the backend itself answered with this status',
    note: 'the load balancer passed on the status the backend sent.',
    lookFirst: "The backend's application logs for these requests: the error is the application's own.",
  },
  denied_by_security_policy: {
    headline: 'Cloud Armor denied the request',
    note: 'a Cloud Armor security policy rule denied the request.',
    retry: 'Here retrying will not help: a policy rule decided.',
    lookFirst: "The security policy rule that matched (enforcedSecurityPolicy in the entry) and whether the clients denied are legitimate.",
  },
  client_disconnected_before_any_response: {
    headline: 'clients left before any response',
    note: 'the client closed the connection before the load balancer could send any response.',
    lookFirst: 'The latency of the backends behind these requests against the callers\' timeouts.',
  },
  client_timed_out: { headline: 'clients timed out', note: 'the client connection idled out before the request was complete.' },
  handled_by_identity_aware_proxy: {
    headline: 'Identity-Aware Proxy answered',
    note: 'Identity-Aware Proxy handled the request (authentication or authorisation) before any backend.',
    lookFirst: "IAP's access settings for the backend service.",
  },
};

/** CloudFront's edge results, looked up as written. */
export const CLOUDFRONT_EDGE_RESULT_TABLE: SignalTable = { advice: CLOUDFRONT_EDGE_RESULTS };

/** Google Cloud's statusDetails, looked up as written. */
export const GCP_STATUS_DETAILS_TABLE: SignalTable = { advice: GCP_STATUS_DETAILS };

/**
 * Traefik's OriginStatus behind a server error: 0 means no response came from the service and
 * Traefik wrote the status itself (its proxy turns a refused or broken connection into 502 and a
 * timeout into 504); any other value is the service's own answer.
 */
export const TRAEFIK_ORIGIN_STATUS_TABLE: SignalTable = {
  keysOf: (value) => (value === '0' ? ['0'] : ['service answered']),
  advice: {
    '0': {
      headline: 'no response from the service',
      note: 'Traefik got no response from the service and answered the client itself.',
      retry: 'Retry with backoff once the service is reachable; a retry may reach another server of the service.',
      lookFirst: "The service's servers (ServiceAddr): process up, port right, health checks; for 504s, the serversTransport's responseHeaderTimeout.",
    },
    'service answered': {
      headline: 'the service itself answered with this status',
      note: 'the service behind Traefik sent this status; Traefik passed it on.',
      lookFirst: "The service's application logs for these requests (ServiceAddr, RouterName): the error is the application's own.",
    },
  },
};
