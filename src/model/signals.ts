import type { ValueCount } from './counts.js';

/**
 * Evidence a format writes about why a request failed, beyond its status: ALB's error_reason
 * today, a proxy's termination state or response flags next. A parser puts at most one signal
 * on a record; the tally counts signals per status whatever their kind, and triage turns a kind
 * and value into advice through one table (src/triage/signals.ts). A new signal is a kind and a
 * label here, a value in its parser, and rows in that table: no stage between them changes.
 */
export type SignalKind = 'alb-error-reason' | 'haproxy-termination' | 'envoy-response-flags';

export interface Signal {
  readonly kind: SignalKind;
  /** As the log wrote it, e.g. 'LambdaInvalidResponse'. */
  readonly value: string;
}

/**
 * What a report calls each kind of signal, next to its values and in its notes: the field's name
 * as the format's documentation writes it, at most 13 characters (the terminal's label column).
 */
export const SIGNAL_LABELS: Readonly<Record<SignalKind, string>> = {
  'alb-error-reason': 'error_reason',
  'haproxy-termination': 'termination',
  'envoy-response-flags': 'Envoy flags',
};

/** The values of one kind of signal behind a status, most first. */
export interface SignalCounts {
  kind: SignalKind;
  /** SIGNAL_LABELS[kind]: what renderers print, so a new kind needs no renderer change. */
  label: string;
  values: ValueCount[];
}
