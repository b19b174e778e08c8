/**
 * How many rows each ranked list shows. `--top N` sets every list to N; without it each view keeps
 * its own length: the triage view is about findings, so it shows fewer codes than the report.
 */
export interface ListLimits {
  /** The status-code table. */
  codes: number;
  /** Top paths, hosts, clients and upstreams of the whole input. */
  offenders: number;
  /** Each finding's own lists (paths, upstreams, statuses behind it). */
  evidence: number;
}

/** The report's lists without --top; the JSON report cuts its top lists here too. */
export const DEFAULT_TOP = 10;
const TRIAGE_CODES = 5;
const EVIDENCE = 5;

/** `top` is --top as given (undefined when it was not); `evidence` is the renderer's own default for a finding's lists. */
export function listLimits(view: 'report' | 'triage', top: number | undefined, evidence = EVIDENCE): ListLimits {
  const given = top !== undefined && Number.isFinite(top) ? Math.max(1, Math.floor(top)) : undefined;
  if (given !== undefined) return { codes: given, offenders: given, evidence: given };
  return { codes: view === 'triage' ? TRIAGE_CODES : DEFAULT_TOP, offenders: DEFAULT_TOP, evidence };
}
