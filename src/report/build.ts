import { describeStatus } from '../codes/registry.js';
import type { LogVendor } from '../formats/record.js';
import type { TallySummary } from '../tally/summary.js';
import type { ValueCount } from '../model/counts.js';
import type { Finding } from '../model/findings.js';
import { IGNORED_CODES, type IgnoredCode, type IgnoredCodeCounts } from '../model/ignored.js';
import { REPORT_SCHEMA, type CodeRow, type IgnoredReason, type Report, type ReportWindow, type SourceSummary } from '../model/report.js';
import { reportRateUnit } from './format-values.js';
import { wordFindings } from './phrase-text.js';

export interface ReportMeta {
  sources: SourceSummary[];
  generatedAt?: Date;
  window?: ReportWindow;
  /** --fail-on rules that held. */
  failedRules?: string[];
  /** Entries per top list; the tally's own limit when absent. */
  top?: number;
}

/** Ignored lines per code as the report lists them: in the tally's order (most first), each with its reason in words. */
export function ignoredReasons(counts: IgnoredCodeCounts): IgnoredReason[] {
  return (Object.entries(counts) as [IgnoredCode, number][])
    .filter(([, lines]) => lines > 0)
    .map(([code, lines]) => ({ code, reason: IGNORED_CODES[code], lines }));
}

function share(count: number, whole: number): number {
  return whole > 0 ? count / whole : 0;
}

/** The vendor most records came from, for statuses whose records were not kept. */
function mainVendor(summary: TallySummary): LogVendor | undefined {
  let best: LogVendor | undefined;
  let bestCount = -1;
  for (const [vendor, count] of Object.entries(summary.vendors) as [LogVendor, number][]) {
    if (count > bestCount) {
      best = vendor;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The Report for a tally and its findings. Arranges what the tally and triage
 * computed: ISO times, shares, meanings from the registry, top lists cut to
 * `meta.top`.
 */
export function buildReport(summary: TallySummary, findings: Finding[], meta: ReportMeta): Report {
  const limit = meta.top ?? Number.POSITIVE_INFINITY;
  const cut = (list: ValueCount[]): ValueCount[] => list.slice(0, limit);
  const requests = summary.requests;
  const fallbackVendor = mainVendor(summary) ?? 'nginx';

  const codes: CodeRow[] = summary.codes.map(({ code, count, vendor }) => {
    const described = describeStatus(code, vendor ?? fallbackVendor);
    return { code, count, class: described.class, share: share(count, requests), vendor: described.vendor, meaning: described.meaning };
  });

  const seconds =
    summary.firstTime !== undefined && summary.lastTime !== undefined ? (summary.lastTime - summary.firstTime) / 1000 : 0;
  const span: Report['span'] = { seconds, requestsPerSecond: seconds > 0 ? requests / seconds : 0 };
  if (summary.firstTime !== undefined) span.first = new Date(summary.firstTime).toISOString();
  if (summary.lastTime !== undefined) span.last = new Date(summary.lastTime).toISOString();

  const report: Report = {
    schema: REPORT_SCHEMA,
    generatedAt: (meta.generatedAt ?? new Date()).toISOString(),
    sources: meta.sources,
    lines: {
      total: summary.lines.parsed + summary.lines.malformed + summary.lines.ignored,
      parsed: summary.lines.parsed,
      malformed: summary.lines.malformed,
      ignored: summary.lines.ignored,
    },
    formats: summary.formats,
    span,
    classes: summary.classes,
    errorRates: { '4xx': share(summary.classes['4xx'], requests), '5xx': share(summary.classes['5xx'], requests) },
    // A log whose format logs no size has no byte sum to give: absent, not 0.
    ...(summary.bytesRecords > 0 ? { bytes: summary.bytes, bytesRecords: summary.bytesRecords } : {}),
    codes,
    originCodes: summary.originCodes,
    upstreamCodes: summary.upstreamCodes,
    top: {
      paths: cut(summary.top.paths),
      hosts: cut(summary.top.hosts),
      clients: cut(summary.top.clients),
      upstreams: cut(summary.top.upstreams),
    },
    timeline: {
      bucketSeconds: summary.timelineBucketSeconds,
      buckets: summary.timeline.map((bucket) => ({
        start: new Date(bucket.minute).toISOString(),
        classes: bucket.classes,
        codes: bucket.codes,
      })),
    },
    // Worded in UTC and in the report's one rate unit, as every renderer words them.
    triage: wordFindings(findings, reportRateUnit({ span })).map((finding) => ({
      ...finding,
      evidence: {
        ...finding.evidence,
        topPaths: cut(finding.evidence.topPaths),
        topHosts: cut(finding.evidence.topHosts),
        topUpstreams: cut(finding.evidence.topUpstreams),
        topClients: cut(finding.evidence.topClients),
      },
    })),
    malformedSamples: summary.malformed.samples,
    malformedCodes: summary.malformed.codes,
    ignoredReasons: ignoredReasons(summary.ignoredCodes),
  };
  const bounds = Object.entries(summary.topBounds ?? {}).filter(([, bound]) => bound > 0);
  if (bounds.length > 0) report.topErrorBounds = Object.fromEntries(bounds);
  if (summary.latency !== undefined) report.latencyMs = summary.latency;
  if (meta.window !== undefined) report.window = meta.window;
  if (meta.failedRules !== undefined) report.failedRules = meta.failedRules;
  return report;
}
