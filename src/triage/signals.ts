/**
 * Advice from the format's own evidence of why requests failed (src/model/signals.ts): one table
 * per kind of signal, keyed by the value as the log writes it. A new kind adds its table here;
 * the compiler asks for it, since the tables are a Record over every kind.
 */
import type { SignalKind } from '../model/signals.js';
import type { ErrorCodeSummary } from '../tally/summary.js';
import { percent, type Reading } from './evidence.js';

export interface SignalAdvice {
  /** A few words for the headline when the value stands behind most of the status's records. */
  headline: string;
  /** What the value means, one sentence. */
  note: string;
  retry?: string;
  lookFirst?: string;
}

export interface SignalTable {
  /**
   * The keys to look a logged value up by, most telling first: the value itself by default; a
   * format whose values combine parts (a termination state, a list of flags) names the parts.
   */
  keysOf?(value: string): readonly string[];
  advice: Readonly<Record<string, SignalAdvice>>;
}

const ALB_LAMBDA_CODE: SignalAdvice = {
  headline: 'the Lambda function failed',
  note: 'the load balancer could not get a valid answer from the Lambda target (an error, a throttle, or a response it could not read).',
  lookFirst: "The Lambda function's own logs and metrics (errors, throttles, duration) at these times.",
};

/** AWS ALB error_reason values (Elastic Load Balancing's access-log documentation). */
const ALB_ERROR_REASONS: Readonly<Record<string, SignalAdvice>> = {
  LambdaInvalidResponse: {
    headline: 'the Lambda function returned an invalid response',
    note: "the Lambda target's answer was not the JSON the load balancer expects (statusCode, headers, body).",
    retry: 'Here retrying will not help: the function answers the same way until its code is fixed.',
    lookFirst: "The Lambda function's return value: it must be an object with statusCode (and headers, body).",
  },
  LambdaUnhandled: { ...ALB_LAMBDA_CODE, headline: 'the Lambda function raised an unhandled error' },
  LambdaThrottling: {
    headline: 'the Lambda function was throttled',
    note: 'Lambda refused to run the function: its concurrency limit was reached.',
    retry: 'Retry with backoff; throttling eases as running invocations finish.',
    lookFirst: "The function's concurrency (reserved and account limits) and its Throttles metric.",
  },
  LambdaConnectionTimeout: { ...ALB_LAMBDA_CODE, headline: 'the connection to Lambda timed out' },
  LambdaConnectionError: { ...ALB_LAMBDA_CODE, headline: 'the load balancer could not connect to Lambda' },
  LambdaServiceException: { ...ALB_LAMBDA_CODE, headline: 'Lambda itself failed' },
  LambdaResponseTooLarge: {
    headline: 'the Lambda response was too large',
    note: "the Lambda target's response exceeded the 1 MB a load balancer accepts from it.",
    retry: 'Here retrying will not help: the same request gives the same response.',
  },
  WAFConnectionError: {
    headline: 'the load balancer could not reach AWS WAF',
    note: 'the load balancer could not connect to AWS WAF to decide on the request.',
  },
  WAFConnectionTimeout: { headline: 'AWS WAF timed out', note: 'the connection to AWS WAF timed out.' },
  WAFResponseReadTimeout: { headline: 'AWS WAF timed out', note: 'a request to AWS WAF timed out.' },
  WAFServiceError: { headline: 'AWS WAF failed', note: 'AWS WAF returned a 5XX error.' },
  AuthUnhandledException: {
    headline: 'the authentication action failed',
    note: 'the load balancer met an unhandled exception while authenticating the user with the identity provider.',
    lookFirst: "The listener rule's authentication settings and the identity provider's logs.",
  },
};

const CLIENT_SIDE = 'Not a server problem: the client (or a proxy in front of it) was slow or went away.';

/**
 * HAProxy's termination state (the configuration manual, "Session state at disconnection"): the
 * first letter says what ended the session, the second in which phase. Keyed by the pair, then by
 * the first letter alone.
 */
const HAPROXY_TERMINATION: Readonly<Record<string, SignalAdvice>> = {
  sH: {
    headline: 'server timeout waiting for the response headers: the backend is slow',
    note: 'HAProxy gave up waiting for the server to send its response headers (timeout server): the backend is too slow to answer, or stuck.',
    retry: 'A retry lands on the same slow backend unless it has recovered; retry only idempotent requests, with backoff.',
    lookFirst: 'The backend servers behind these requests: what they were doing for that long (slow queries, saturated workers), then HAProxy\'s timeout server.',
  },
  sC: {
    headline: 'server connect timeout: the server does not answer',
    note: 'HAProxy could not establish the connection to the server before timeout connect: the server is unreachable, overloaded or filtered.',
    lookFirst: 'Whether the servers are up and reachable from HAProxy (network, firewall, listen backlog), then timeout connect.',
  },
  SC: {
    headline: 'the server refused the connection: it is down',
    note: 'The server refused or reset the connection (nothing listening, or a RST), or no server was available: the backend is down.',
    retry: 'Retrying helps only once a server is back; HAProxy already retried (the retries counter).',
    lookFirst: 'The backend servers: is the process running and listening on the configured port? Then the health checks and the servers HAProxy marks DOWN.',
  },
  SH: {
    headline: 'the server closed the connection before its headers: it crashed or reset',
    note: 'The server aborted the connection or sent an invalid response before the headers were complete (a crash, a restart, a worker killed).',
    lookFirst: "The backend's own logs at these times: crashes, restarts, killed workers.",
  },
  SD: {
    headline: 'the server aborted the response mid-way',
    note: 'The server closed or reset the connection while sending the body: a crash or a restart during the response.',
    lookFirst: "The backend's own logs at these times: crashes, restarts, killed workers.",
  },
  sD: {
    headline: 'server timeout during the response body',
    note: 'The server stopped sending the body for longer than timeout server.',
    lookFirst: 'The backend behind the slow responses, then timeout server.',
  },
  sQ: {
    headline: 'queue timeout: the backend is at capacity',
    note: 'The request waited in the queue for a free connection slot (maxconn) longer than timeout queue: the servers are all busy.',
    retry: 'Retry with backoff: the queue drains as running requests finish.',
    lookFirst: 'Backend capacity: the servers\' maxconn and how long their requests take (the queue fills when they slow down), then add servers or raise maxconn.',
  },
  cD: {
    headline: 'client timeout during the data phase, not a server problem',
    note: `The client stopped reading or sending data for longer than timeout client. ${CLIENT_SIDE}`,
  },
  cR: {
    headline: 'the client did not send a complete request in time',
    note: `The client opened a connection and did not finish its request before timeout http-request (idle keep-alive, slow clients, scanners). ${CLIENT_SIDE}`,
  },
  CR: { headline: 'the client aborted before sending its request', note: CLIENT_SIDE },
  CC: { headline: 'the client aborted while HAProxy was connecting to the server', note: CLIENT_SIDE },
  CQ: {
    headline: 'the client gave up while queued: the backend is at capacity',
    note: 'The client closed the connection while its request waited in the queue for a free server slot.',
    lookFirst: 'Backend capacity: maxconn and how long requests take.',
  },
  CH: {
    headline: 'the client gave up waiting for the response headers',
    note: 'The client closed the connection while HAProxy waited for the server to answer: often users giving up on a slow backend.',
    lookFirst: 'How long the server took on these requests (Tr): a slow backend makes clients give up.',
  },
  CD: { headline: 'the client aborted during the response', note: CLIENT_SIDE },
  PR: {
    headline: 'HAProxy denied the request (a rule or limit)',
    note: 'HAProxy itself blocked the request before any server saw it (an http-request deny rule, an ACL, a limit): deliberate, not a failure.',
    retry: 'Retrying will not help: the same rule denies it again.',
    lookFirst: 'The http-request deny / tarpit rules and ACLs of the frontend that matched these requests.',
  },
  PH: {
    headline: "HAProxy blocked the server's response",
    note: "HAProxy rejected the server's response headers (invalid, too large, or a rule denied them) and answered 502 itself.",
    lookFirst: "The server's response headers (size, syntax) and the http-response rules.",
  },
  R: {
    headline: 'HAProxy ran out of a resource',
    note: 'A resource on the proxy ran out (memory, sockets, source ports, file descriptors).',
    lookFirst: "HAProxy's own limits: maxconn, ulimit -n, source ports, memory.",
  },
  I: {
    headline: 'an internal error in HAProxy',
    note: 'HAProxy detected an internal error while processing the session.',
    lookFirst: "HAProxy's own log and version (a bug report may apply).",
  },
  D: { headline: 'the session was killed: the server went down', note: 'HAProxy killed the session because the server was marked down (on-marked-down shutdown-sessions).' },
  K: { headline: 'an administrator killed the session', note: 'The session was killed from HAProxy\'s admin interface.' },
  L: { headline: 'answered by HAProxy itself', note: 'HAProxy answered locally (a redirect, the stats page, a return rule); no server was involved.' },
  s: { headline: 'a server-side timeout fired', note: 'A server-side timeout expired (timeout connect, server or queue).', lookFirst: 'The backend servers, then the timeouts of the backend.' },
  S: { headline: 'the server aborted the session', note: 'The server refused, reset or aborted the session.', lookFirst: "The backend servers' logs and health." },
  c: { headline: 'a client-side timeout fired, not a server problem', note: `A client-side timeout expired. ${CLIENT_SIDE}` },
  C: { headline: 'the client aborted the session', note: CLIENT_SIDE },
  P: { headline: 'HAProxy aborted the session (a rule or limit)', note: 'HAProxy ended the session itself: a deny rule, a connection limit or a security check.' },
};

const UPSTREAM_LOGS = "The upstream's own logs at these times (crashes, restarts, resets), and its health in the cluster.";

/** Envoy's %RESPONSE_FLAGS% (its access-log documentation): each flag of a combination such as UF,URX. */
const ENVOY_FLAGS: Readonly<Record<string, SignalAdvice>> = {
  UF: {
    headline: 'Envoy could not connect to the upstream',
    note: 'Envoy failed to open a connection to the upstream host: it is down or not listening, refused or reset the connection, or the TLS handshake failed (an mTLS mismatch).',
    retry: 'Retrying helps only if other hosts are healthy; Envoy may already have retried (URX).',
    lookFirst: 'The upstream host named in the log: is it running and listening on that port? Then the TLS / mTLS settings between Envoy and it, and the cluster\'s connect_timeout.',
  },
  UH: {
    headline: 'no healthy upstream: every host of the cluster is down or none exists',
    note: 'The cluster had no healthy host to send to: its endpoints all failed health checks or outlier detection, or it has none (no ready pods, a subset that selects nothing).',
    retry: 'Retrying will not help until a host of the cluster is healthy again.',
    lookFirst: "The cluster's endpoints and their health (istioctl proxy-config endpoints, the pods' readiness), then the health checks and outlier detection.",
  },
  UO: {
    headline: 'upstream overflow: the circuit breaker is open (capacity)',
    note: "A circuit breaker limit of the cluster was reached (max connections, pending or active requests, retries): Envoy refused the request without sending it.",
    retry: 'Retry with backoff: the limit frees as running requests finish.',
    lookFirst: "The cluster's circuit-breaker thresholds (a DestinationRule connectionPool in Istio) against the traffic, and why upstream requests pile up.",
  },
  UT: {
    headline: 'upstream request timeout: the upstream is slow',
    note: 'The upstream did not answer within the route timeout.',
    retry: 'Retry only idempotent requests, with backoff: the upstream may still be doing the work.',
    lookFirst: "What the upstream was doing for that long (slow queries, saturated workers), then the route's timeout.",
  },
  URX: {
    headline: 'the retry limit was reached',
    note: 'Envoy retried the request (or the connection) as many times as allowed and every attempt failed: the flags beside it say how.',
    lookFirst: 'The failure behind the retries (the other flags), not the retry policy.',
  },
  NR: {
    headline: 'no route configured for the request',
    note: 'No route of the listener matched the request (host or path): a configuration gap, not a failing backend.',
    retry: 'Retrying will not help: the same request matches no route again.',
    lookFirst: 'The routes and virtual hosts (a VirtualService or Gateway in Istio) for this host and path.',
  },
  NC: {
    headline: 'the upstream cluster was not found',
    note: 'The route points at a cluster Envoy does not have: a configuration error.',
    lookFirst: 'The route\'s cluster name against the clusters Envoy holds (istioctl proxy-config clusters).',
  },
  DC: {
    headline: 'the client closed the connection, not a server problem',
    note: 'The downstream connection was terminated: the client (or a proxy in front) went away before the response was complete.',
  },
  LR: {
    headline: 'Envoy reset the connection itself',
    note: 'The connection was reset locally by Envoy (an overload action, a drain, a filter).',
    lookFirst: "Envoy's own log and its overload manager and drain settings at these times.",
  },
  UR: { headline: 'the upstream reset the stream', note: 'The upstream reset the connection or stream before completing the response.', lookFirst: UPSTREAM_LOGS },
  UC: {
    headline: 'the upstream closed the connection',
    note: 'The upstream terminated the connection before the response: a restart, a crash, or an idle timeout on the upstream shorter than Envoy\'s.',
    lookFirst: `${UPSTREAM_LOGS} Compare the upstream's keep-alive timeout with Envoy's idle timeout.`,
  },
  LH: { headline: 'the local service failed its health check', note: 'The local service failed its health check, and Envoy answered 503 for it.' },
  DI: { headline: 'delayed by fault injection', note: 'The request was delayed by a configured fault injection.' },
  FI: {
    headline: 'aborted by fault injection',
    note: 'The request was aborted with this status by a configured fault injection: deliberate, not a failure.',
    lookFirst: 'The fault-injection settings of the route (an Istio VirtualService fault block).',
  },
  RL: { headline: 'rate limited by Envoy', note: 'The request was rate limited locally by Envoy (429).', retry: 'Retry after a delay; honour Retry-After.' },
  UAEX: {
    headline: 'denied by the external authorization service',
    note: 'The external authorization service denied the request.',
    lookFirst: 'The external authorization service and its decision for these requests.',
  },
  RLSE: { headline: 'the rate limit service failed', note: 'The request was rejected because the rate limit service returned an error.' },
  IH: { headline: 'an invalid strictly-checked header', note: 'The request set an invalid value in a header the router checks strictly (400).' },
  SI: { headline: 'stream idle timeout', note: 'The stream was idle for longer than the stream idle timeout (408).' },
  DPE: { headline: 'a protocol error from the client', note: 'The downstream request had an HTTP protocol error.' },
  UPE: { headline: 'a protocol error from the upstream', note: 'The upstream response had an HTTP protocol error.', lookFirst: UPSTREAM_LOGS },
  UMSDR: { headline: 'the upstream request reached its maximum stream duration', note: 'The upstream request ran longer than its max stream duration.' },
  OM: { headline: 'terminated by Envoy\'s overload manager', note: 'The overload manager terminated the request: Envoy itself is short of resources.', lookFirst: "Envoy's memory and connection counts, and its overload manager's thresholds." },
  DF: { headline: 'DNS resolution failed', note: "The request failed because the upstream's name could not be resolved.", lookFirst: 'DNS for the cluster\'s hosts, as Envoy resolves them.' },
  DT: { headline: 'the maximum connection duration was reached', note: 'The request or connection ran past the configured maximum connection duration.' },
};

const SIGNAL_TABLES: Readonly<Record<SignalKind, SignalTable>> = {
  'alb-error-reason': { advice: ALB_ERROR_REASONS },
  'haproxy-termination': { keysOf: (state) => [state.slice(0, 2), state.slice(0, 1)], advice: HAPROXY_TERMINATION },
  // Envoy writes the flags of a combination in a fixed order, the cause before URX.
  'envoy-response-flags': { keysOf: (flags) => flags.split(','), advice: ENVOY_FLAGS },
};

/** The advice for a logged value of a kind, and the key it was found by, if any. */
export function adviceFor(kind: SignalKind, value: string): { key: string; advice: SignalAdvice } | undefined {
  const table = SIGNAL_TABLES[kind];
  for (const key of table.keysOf?.(value) ?? [value]) {
    const advice = table.advice[key];
    if (advice !== undefined) return { key, advice };
  }
  return undefined;
}

/**
 * One note per logged value that has advice, and for the value behind at least half of the
 * status's records, the headline, retry and look-first advice too. A value without advice is
 * still named when it stands behind most of them: the log said why, even if we cannot add to it.
 */
export function readSignals(error: ErrorCodeSummary): Reading[] {
  const readings: Reading[] = [];
  for (const signal of error.signals) {
    for (const entry of signal.values) {
      const share = percent(entry.count, error.count);
      const most = entry.count >= 0.5 * error.count;
      const found = adviceFor(signal.kind, entry.value);
      if (found === undefined) {
        if (most) readings.push({ note: `${signal.label} ${entry.value} on ${share} of them.` });
        continue;
      }
      const { key, advice } = found;
      // The key named when it is one part of the value (UF of UF,URX), not when it starts it (sH of sH--).
      const named = entry.value.startsWith(key) && !entry.value.includes(',') ? entry.value : `${entry.value} (${key})`;
      const reading: Reading = { note: `${signal.label} ${named} on ${share} of them: ${advice.note}` };
      if (most) {
        reading.headline = `${signal.label} ${entry.value}, ${advice.headline}`;
        if (advice.retry !== undefined) reading.retry = advice.retry;
        if (advice.lookFirst !== undefined) reading.lookFirst = advice.lookFirst;
      }
      readings.push(reading);
    }
  }
  return readings;
}
