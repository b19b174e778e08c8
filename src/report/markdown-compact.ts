import type { Finding } from '../model/findings.js';
import type { Report } from '../model/report.js';
import { describeFilter } from './filter-text.js';
import {
  episodeLines,
  formatClock,
  formatCount,
  formatDuration,
  formatPercent,
  formatSpan,
  formatTime,
  noFindingsText,
  onsetWithoutEpisodes,
  requestCount,
  SEVERITY_LABELS,
  truncateEnd,
  truncateMiddle,
} from './format-values.js';
import { listLimits } from './list-limits.js';
import { markdownCode, markdownProse } from './sanitize.js';
import { reportSubject } from './subject.js';

/**
 * The most characters a compact report takes: Slack refuses a message section of more than
 * 3,000, and Teams, GitHub comments and Discord's longer messages take that much too.
 */
export const COMPACT_BUDGET = 3000;
/** Findings listed before the rest are counted: more headlines would crowd out the advice. */
const LISTED = 8;
/** A finding lists this many episodes before it counts the rest. */
const EPISODES = 2;
/** Room the top-codes line may take: with --top 50 it would otherwise crowd out the findings. */
const CODES_LINE = 600;
/** Prose taken from the report is cut here before it is escaped, so no cut falls inside markup. */
const MAX_PROSE = 400;
const MAX_HEADLINE = 240;

/**
 * The report for a chat message (Slack, Teams, a GitHub comment): a headline, the findings as
 * bullets with their episodes, cause, where to look and retry advice, and the top codes on one
 * line. No tables and no headings, which chat tools show as raw pipes and hashes; emphasis is a
 * single `*`, bold in Slack and italic in Markdown. It stays within {@link COMPACT_BUDGET}
 * characters: the first findings have their headline while they fit (the rest are counted),
 * and the most severe their advice too.
 */
export function renderCompactMarkdown(report: Report, options: { top?: number; view: 'report' | 'triage' }): string {
  const head = headline(options.view === 'triage' ? 'logcodes triage' : 'logcodes report', report);
  const tail = topCodes(report, listLimits('triage', options.top).codes);
  // Two newlines between blocks, one at the end, and the line that counts the findings left out.
  let room = COMPACT_BUDGET - head.length - tail.length - 4 - 1 - moreLine(report.triage.length).length;
  const items: string[] = [];
  if (report.triage.length === 0) items.push(`- ${markdownProse(noFindingsText(report))}`);
  // The first findings' headlines, as many as fit; then, in order of severity, each grows to the
  // longest form that still fits: all its advice, or its episodes and where to look.
  const forms = report.triage.map(findingForms);
  const chosen: string[] = [];
  for (const form of forms.slice(0, LISTED)) {
    const short = form.at(-1)!;
    if (short.length + 1 > room) break;
    chosen.push(short);
    room -= short.length + 1;
  }
  chosen.forEach((short, i) => {
    const longer = forms[i]!.find((text) => text.length - short.length <= room);
    if (longer === undefined || longer === short) return;
    chosen[i] = longer;
    room -= longer.length - short.length;
  });
  items.push(...chosen);
  if (chosen.length < report.triage.length) items.push(moreLine(report.triage.length - chosen.length));
  return `${[head, items.join('\n'), tail].filter((block) => block !== '').join('\n\n')}\n`;
}

function moreLine(findings: number): string {
  return `- …and ${formatCount(findings)} more finding${findings === 1 ? '' : 's'}: see the full report`;
}

function headline(name: string, report: Report): string {
  const subject = reportSubject(report);
  const parts = [
    `*${name}*`,
    ...(subject !== '' ? [markdownCode(truncateMiddle(subject, 100))] : []),
    report.span.first && report.span.last ? `${formatSpan(report.span.first, report.span.last)} (${formatDuration(report.span.seconds)})` : 'no timestamps',
    `${formatCount(requestCount(report))} requests`,
    `5xx ${formatPercent(report.errorRates['5xx'])}`,
    `4xx ${formatPercent(report.errorRates['4xx'])}`,
  ];
  const lines = [parts.join(' · ')];
  if (report.filter) lines.push(`Filter: ${markdownCode(truncateEnd(describeFilter(report.filter), 200))}`);
  const rules = report.failedRules ?? [];
  if (rules.length > 0) lines.push(`*--fail-on held:* ${markdownCode(truncateEnd(rules.join(', '), 200))}`);
  return lines.join('\n');
}

function prose(text: string, max = MAX_PROSE): string {
  return markdownProse(truncateEnd(text, max));
}

/**
 * `*CRITICAL* 503 Service Unavailable: 364 (6.1%), answered by the proxy itself, …`. Triage's
 * headlines name the code, count and share; a stored report's that does not gets the code first.
 */
function findingLine(finding: Finding): string {
  const named = finding.headline.startsWith(`${finding.code} `) ? finding.headline : `${finding.code} ${finding.meaning}: ${finding.headline}`;
  return `- *${SEVERITY_LABELS[finding.severity].toUpperCase()}* ${prose(named, MAX_HEADLINE)}`;
}

/** A finding's forms, longest first: all its advice, then its episodes and where to look, then its headline. */
function findingForms(finding: Finding): string[] {
  const ev = finding.evidence;
  const head = findingLine(finding);
  const when: string[] = [];
  const episodes = episodeLines(ev.episodes ?? [], EPISODES);
  for (const episode of episodes) when.push(`  - ${episode.startsWith('+') ? episode : `Episode: ${episode}`}`);
  if (episodes.length === 0) {
    const onset = onsetWithoutEpisodes(ev);
    const seen = [
      ...(onset ? [`onset ${formatTime(onset)}`] : []),
      ...(ev.firstSeen ? [`first seen ${formatClock(ev.firstSeen)}`] : []),
      ...(ev.lastSeen ? [`last seen ${formatClock(ev.lastSeen)}`] : []),
      ...(ev.background ? [`steady at ${formatPercent(ev.background.share)} of requests, no episode`] : []),
    ];
    if (seen.length > 0) when.push(`  - Seen: ${seen.join(', ')}`);
  }
  const cause = `  - Cause: ${prose(finding.cause)}`;
  const look = `  - Look first: ${prose(finding.lookFirst)}`;
  const retry = `  - Retry: ${prose(finding.retry)}`;
  return [[head, ...when, cause, look, retry], [head, ...when, look], [head]].map((lines) => lines.join('\n'));
}

/** `*Top codes:* 200 OK 3,563 (59.9%) · 503 Service Unavailable 364 (6.1%) · …`, as many as fit its room. */
function topCodes(report: Report, limit: number): string {
  if (report.codes.length === 0) return '';
  const lead = '*Top codes:* ';
  const parts: string[] = [];
  let used = lead.length;
  for (const row of report.codes.slice(0, limit)) {
    const part = `${row.code} ${prose(row.meaning, 40)} ${formatCount(row.count)} (${formatPercent(row.share)})`;
    if (used + part.length + 3 > CODES_LINE - 20) break;
    parts.push(part);
    used += part.length + 3;
  }
  const rest = report.codes.length - parts.length;
  return `${lead}${parts.join(' · ')}${rest > 0 ? ` · and ${formatCount(rest)} more` : ''}`;
}
