/**
 * Prometheus alerting rules equivalent to --fail-on rules, over the metrics of --metrics: a
 * share (`5xx>2%`) becomes a ratio of rate()s over the window, a count (`502>100`) an
 * increase() over it. Each alert is per scrape target (the sums keep `instance` and `job`), and
 * carries the triage advice for its code from the registry: likely cause, where to look, retry.
 */
import { classLabel } from '../codes/classes.js';
import { meaningFor, meaningsOf } from '../codes/registry.js';
import type { CodeMeaning } from '../codes/types.js';
import type { CodeVendor } from '../model/status.js';
import type { FailRule } from '../triage/rules.js';
import { METRIC_NAMES } from './metric-names.js';

export interface AlertRuleOptions {
  /** Range of rate() and increase(), a Prometheus duration such as 5m. */
  window: string;
  /** How long a rule must hold before the alert fires, e.g. 2m (0s: at once). */
  for: string;
  /** Whose meaning and advice a code gets; by default the standard one, else a vendor's. */
  vendor?: CodeVendor;
}

/** The labels the sums drop: the series' own, leaving those of the target (instance, job). */
const SERIES_LABELS = 'code, class, vendor_meaning, source';

/** A Prometheus duration: one or more number-unit pairs, largest unit first. */
export const PROMETHEUS_DURATION = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;

/** Codes whose advice a class rule lists: the ones behind nearly every alert of that class. */
const CLASS_CODES: Partial<Record<string, readonly number[]>> = {
  '5xx': [500, 502, 503, 504],
  '4xx': [400, 401, 403, 404, 429],
};

/** A YAML double-quoted scalar: JSON's string escapes are valid in it. */
function quoted(text: string): string {
  return JSON.stringify(text);
}

function thresholdName(rule: FailRule): string {
  const number = String(rule.threshold).replace('.', '_');
  return `${rule.inclusive ? 'AtLeast' : 'Above'}${number}${rule.percent ? 'Percent' : ''}`;
}

function alertName(rule: FailRule): string {
  return `LogcodesHttp${rule.subject}${thresholdName(rule)}`;
}

function selector(rule: FailRule): string {
  return typeof rule.subject === 'number' ? `{code="${rule.subject}"}` : `{class="${rule.subject}"}`;
}

function expression(rule: FailRule, window: string): string {
  const operator = rule.inclusive ? '>=' : '>';
  const metric = METRIC_NAMES.responses;
  if (rule.percent) {
    return (
      `100 * sum without (${SERIES_LABELS}) (rate(${metric}${selector(rule)}[${window}]))` +
      ` / sum without (${SERIES_LABELS}) (rate(${metric}[${window}])) ${operator} ${rule.threshold}`
    );
  }
  return `sum without (${SERIES_LABELS}) (increase(${metric}${selector(rule)}[${window}])) ${operator} ${rule.threshold}`;
}

/** The meaning whose advice a code's alert carries. */
export function adviceFor(code: number, vendor: CodeVendor | undefined): CodeMeaning | undefined {
  const chosen = meaningFor(code, vendor ?? 'standard');
  if (chosen?.lookFirst !== undefined) return chosen;
  return meaningsOf(code).find((meaning) => meaning.lookFirst !== undefined) ?? chosen;
}

function subjectText(rule: FailRule, options: AlertRuleOptions): string {
  if (typeof rule.subject !== 'number') return `${rule.subject} (${classLabel(rule.subject)})`;
  const meaning = adviceFor(rule.subject, options.vendor);
  return meaning ? `${rule.subject} (${meaning.reason})` : String(rule.subject);
}

function annotations(rule: FailRule, options: AlertRuleOptions): [string, string][] {
  const subject = subjectText(rule, options);
  const bound = rule.inclusive ? 'at least' : 'more than';
  const result: [string, string][] = [];
  if (rule.percent) {
    result.push(['summary', `{{ $labels.instance }}: ${bound} ${rule.threshold}% of responses are ${subject}`]);
    result.push(['description', `{{ $value | humanize }}% of responses over the last ${options.window} were ${subject}; logcodes rule ${rule.text}.`]);
  } else {
    result.push(['summary', `{{ $labels.instance }}: ${bound} ${rule.threshold} ${subject} responses in ${options.window}`]);
    result.push(['description', `{{ $value | humanize }} responses over the last ${options.window} were ${subject}; logcodes rule ${rule.text}.`]);
  }
  if (typeof rule.subject === 'number') {
    const meaning = adviceFor(rule.subject, options.vendor);
    if (meaning?.cause !== undefined) result.push(['cause', meaning.cause]);
    if (meaning?.lookFirst !== undefined) result.push(['look_first', meaning.lookFirst]);
    if (meaning?.retry !== undefined) result.push(['retry', meaning.retry]);
  } else {
    // A class has no single cause: the advice of the codes behind most such alerts, one per line.
    const advised = (CLASS_CODES[rule.subject] ?? []).map((code) => adviceFor(code, options.vendor)).filter((m): m is CodeMeaning => m !== undefined);
    const lines = (pick: (meaning: CodeMeaning) => string | undefined): string =>
      advised.flatMap((meaning) => (pick(meaning) === undefined ? [] : [`${meaning.code} ${meaning.reason}: ${pick(meaning)!}`])).join('\n');
    if (advised.length > 0) {
      result.push(['cause', lines((m) => m.cause)]);
      result.push(['look_first', lines((m) => m.lookFirst)]);
      result.push(['retry', lines((m) => m.retry)]);
    }
  }
  return result;
}

/** The rules file: one group, one alert per distinct rule, in the order given. */
export function alertRulesYaml(rules: readonly FailRule[], options: AlertRuleOptions): string {
  const seen = new Set<string>();
  const out = [
    '# Prometheus alerting rules written by logcodes rules, over the metrics of logcodes --metrics.',
    'groups:',
    '  - name: logcodes',
    '    rules:',
  ];
  for (const rule of rules) {
    const name = alertName(rule);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(`      - alert: ${name}`);
    out.push(`        expr: ${quoted(expression(rule, options.window))}`);
    out.push(`        for: ${options.for}`);
    out.push('        labels:');
    out.push(`          severity: ${rule.subject === '5xx' || (typeof rule.subject === 'number' && rule.subject >= 500) ? 'critical' : 'warning'}`);
    out.push(`          logcodes_rule: ${quoted(rule.text)}`);
    out.push('        annotations:');
    for (const [key, value] of annotations(rule, options)) out.push(`          ${key}: ${quoted(value)}`);
  }
  return `${out.join('\n')}\n`;
}
