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

const SIGNAL_TABLES: Readonly<Record<SignalKind, SignalTable>> = {
  'alb-error-reason': { advice: ALB_ERROR_REASONS },
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
      const named = key === entry.value ? entry.value : `${entry.value} (${key})`;
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
