import type { BaselineComparison } from '../model/comparison.js';
import type { ClassCounts, CodeCount } from '../model/counts.js';

/** A --fail-on rule such as `5xx>2%` or `502>100`. */
export interface FailRule {
  /** The rule as written, normalized (no spaces). */
  text: string;
  /** A class ('5xx') or a status code (502). */
  subject: keyof ClassCounts | number;
  inclusive: boolean;
  threshold: number;
  /** Threshold is a percentage of parsed in-window records, else a count. */
  percent: boolean;
  /**
   * Set for a rule against --baseline: 'ratio' (`504>3x`: the share of requests more than three
   * times the baseline's) or 'points' (`5xx>+1pp`: the share up by more than one percentage point).
   */
  relative?: 'ratio' | 'points';
}

const RULE = /^\s*([1-5]xx|\d{3})\s*(>=|>)\s*(\+?)(\d+(?:\.\d+)?)\s*(%|x|pp)?\s*$/i;

export function parseFailRule(text: string): FailRule {
  const match = RULE.exec(text);
  if (match === null || (match[3] === '+' && match[5]?.toLowerCase() !== 'pp')) {
    throw new Error(
      `invalid --fail-on rule '${text}': expected e.g. 5xx>2%, 502>100, 4xx>=10%, or against --baseline 504>3x or 5xx>+1pp (class or code, > or >=, a count, a percentage, a ratio or percentage points)`,
    );
  }
  const [, left, operator, , number] = match as unknown as [string, string, string, string, string];
  const unit = (match[5] ?? '').toLowerCase();
  const threshold = Number(number);
  const percent = unit === '%';
  if (percent && threshold > 100) throw new Error(`invalid --fail-on rule '${text}': a percentage cannot exceed 100`);
  const subject = /xx$/i.test(left) ? (left.toLowerCase() as keyof ClassCounts) : Number(left);
  const rule: FailRule = {
    text: `${subject}${operator}${unit === 'pp' ? '+' : ''}${number}${unit}`,
    subject,
    inclusive: operator === '>=',
    threshold,
    percent,
  };
  if (unit === 'x') rule.relative = 'ratio';
  if (unit === 'pp') rule.relative = 'points';
  return rule;
}

/** What the rules need: a TallySummary or a Report both fit; a relative rule needs the comparison too. */
export interface RuleInput {
  classes: ClassCounts;
  codes: readonly CodeCount[];
  comparison?: BaselineComparison;
}

/** The value a relative rule compares: the share's ratio to the baseline's (Infinity for a code new since), or its change in points. */
function relativeValue(rule: FailRule, comparison: BaselineComparison | undefined): number {
  if (comparison === undefined) throw new Error(`--fail-on '${rule.text}' compares with a baseline: give --baseline FILE`);
  const change =
    typeof rule.subject === 'number' ? comparison.codes.find((c) => c.code === rule.subject) : comparison.classes[rule.subject];
  if (change === undefined) return 0;
  if (rule.relative === 'points') return change.shareChange * 100;
  if (change.shareRatio !== undefined) return change.shareRatio;
  return change.count > 0 ? Infinity : 0;
}

/**
 * The rules that hold, as their text. Percentages are of all records in the classes (the
 * in-window records); ratios and points compare those shares with the baseline's.
 */
export function evaluateFailRules(rules: readonly FailRule[], input: RuleInput): string[] {
  const requests = Object.values(input.classes).reduce((sum, count) => sum + count, 0);
  return rules
    .filter((rule) => {
      let value: number;
      if (rule.relative !== undefined) value = relativeValue(rule, input.comparison);
      else {
        const count =
          typeof rule.subject === 'number'
            ? (input.codes.find((c) => c.code === rule.subject)?.count ?? 0)
            : input.classes[rule.subject];
        value = rule.percent ? (requests > 0 ? (100 * count) / requests : 0) : count;
      }
      return rule.inclusive ? value >= rule.threshold : value > rule.threshold;
    })
    .map((rule) => rule.text);
}
