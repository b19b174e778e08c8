import type { BaselineComparison, BaselineFigures, Change, CodeChange, ValueChange } from '../model/comparison.js';
import type { ValueCount } from '../model/counts.js';
import type { Report } from '../model/report.js';
import { STATUS_CLASSES, type StatusClass } from '../model/status.js';
import { baselineSentence } from './baseline-text.js';
import { reportRateUnit } from './format-values.js';
import { phraseText } from './phrase-text.js';

/** A path or upstream is "grown" at twice the baseline's share of requests. */
const GROWN = 2;

function ratioOf(share: number, baselineShare: number): number | undefined {
  return baselineShare > 0 ? share / baselineShare : undefined;
}

function minutesOf(report: Report): number {
  return Math.max(1, report.span.seconds / 60);
}

function change(count: number, requests: number, minutes: number, baselineCount: number, baseline: BaselineFigures): Change {
  const share = requests > 0 ? count / requests : 0;
  const baselineShare = baseline.requests > 0 ? baselineCount / baseline.requests : 0;
  const out: Change = {
    count,
    share,
    perMinute: count / minutes,
    baselineCount,
    baselineShare,
    baselinePerMinute: baselineCount / baseline.minutes,
    shareChange: share - baselineShare,
  };
  const ratio = ratioOf(share, baselineShare);
  if (ratio !== undefined) out.shareRatio = ratio;
  return out;
}

function valueChanges(now: readonly ValueCount[], before: readonly ValueCount[], requests: number, baselineRequests: number): ValueChange[] {
  const earlier = new Map(before.map((v) => [v.value, v.count]));
  const out: ValueChange[] = [];
  for (const { value, count } of now) {
    const baselineCount = earlier.get(value) ?? 0;
    if (baselineCount === 0) {
      out.push({ value, count, baselineCount, new: true });
      continue;
    }
    const ratio = ratioOf(requests > 0 ? count / requests : 0, baselineRequests > 0 ? baselineCount / baselineRequests : 0);
    if (ratio !== undefined && ratio >= GROWN) out.push({ value, count, baselineCount, new: false, shareRatio: ratio });
  }
  return out;
}

/** This report's classes, codes and top lists against a baseline's. */
export function compareWithBaseline(report: Report, baseline: BaselineFigures): BaselineComparison {
  const requests = STATUS_CLASSES.reduce((sum, name) => sum + report.classes[name], 0);
  const minutes = minutesOf(report);
  const classes = {} as Record<StatusClass, Change>;
  for (const name of STATUS_CLASSES) classes[name] = change(report.classes[name], requests, minutes, baseline.classes[name], baseline);
  const before = new Map(baseline.codes.map((c) => [c.code, c.count]));
  const codes: CodeChange[] = report.codes.map(({ code, count }) => ({
    code,
    ...change(count, requests, minutes, before.get(code) ?? 0, baseline),
    new: !before.has(code) || before.get(code) === 0,
  }));
  const seen = new Set(report.codes.map((c) => c.code));
  for (const { code, count } of [...baseline.codes].sort((a, b) => b.count - a.count || a.code - b.code)) {
    if (!seen.has(code)) codes.push({ code, ...change(0, requests, minutes, count, baseline), new: false });
  }
  const comparison: BaselineComparison = {
    baseline: { file: baseline.file, kind: baseline.kind, requests: baseline.requests, perMinute: baseline.requests / baseline.minutes },
    requests,
    perMinute: requests / minutes,
    classes,
    codes,
    newCodes: codes.filter((c) => c.new).map((c) => c.code),
    paths: valueChanges(report.top.paths, baseline.topPaths, requests, baseline.requests),
    upstreams: valueChanges(report.top.upstreams, baseline.topUpstreams, requests, baseline.requests),
  };
  if (baseline.first !== undefined) comparison.baseline.first = baseline.first;
  if (baseline.last !== undefined) comparison.baseline.last = baseline.last;
  return comparison;
}

/** The report with its comparison, and a sentence in each finding saying how its code compares. */
export function withBaseline(report: Report, baseline: BaselineFigures): Report {
  const comparison = compareWithBaseline(report, baseline);
  const byCode = new Map(comparison.codes.map((c) => [c.code, c]));
  return {
    ...report,
    comparison,
    triage: report.triage.map((finding) => {
      const change = byCode.get(finding.code);
      if (change === undefined) return finding;
      const sentence = baselineSentence(change, comparison);
      return {
        ...finding,
        notes: [...finding.notes, phraseText(sentence, reportRateUnit(report))],
        ...(finding.phrases !== undefined ? { phrases: { ...finding.phrases, notes: [...finding.phrases.notes, sentence] } } : {}),
      };
    }),
  };
}
