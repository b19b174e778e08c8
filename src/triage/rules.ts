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
}

const RULE = /^\s*([1-5]xx|\d{3})\s*(>=|>)\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/i;

export function parseFailRule(text: string): FailRule {
  const match = RULE.exec(text);
  if (match === null) {
    throw new Error(`invalid --fail-on rule '${text}': expected e.g. 5xx>2%, 502>100 or 4xx>=10% (class or code, > or >=, a count or a percentage)`);
  }
  const [, left, operator, number, percentSign] = match as unknown as [string, string, string, string, string];
  const threshold = Number(number);
  const percent = percentSign === '%';
  if (percent && threshold > 100) throw new Error(`invalid --fail-on rule '${text}': a percentage cannot exceed 100`);
  const subject = /xx$/i.test(left) ? (left.toLowerCase() as keyof ClassCounts) : Number(left);
  return {
    text: `${subject}${operator}${number}${percentSign}`,
    subject,
    inclusive: operator === '>=',
    threshold,
    percent,
  };
}

/** What the rules need: a TallySummary or a Report both fit. */
export interface RuleInput {
  classes: ClassCounts;
  codes: readonly CodeCount[];
}

/** The rules that hold, as their text. Percentages are of all records in the classes (the in-window records). */
export function evaluateFailRules(rules: readonly FailRule[], input: RuleInput): string[] {
  const requests = Object.values(input.classes).reduce((sum, count) => sum + count, 0);
  return rules
    .filter((rule) => {
      const count =
        typeof rule.subject === 'number'
          ? (input.codes.find((c) => c.code === rule.subject)?.count ?? 0)
          : input.classes[rule.subject];
      const value = rule.percent ? (requests > 0 ? (100 * count) / requests : 0) : count;
      return rule.inclusive ? value >= rule.threshold : value > rule.threshold;
    })
    .map((rule) => rule.text);
}
