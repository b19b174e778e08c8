import type { Finding, Phrase } from '../model/findings.js';
import { formatClockWithZone, formatMinute, formatRate, type RateUnit } from './format-values.js';

/**
 * A finding's sentences worded from their data (Finding.phrases): times as their ISO strings give
 * them (UTC in the report, the --tz zone in a copy for display, see time-zone.ts), rates in the
 * one unit of the report they are in.
 */
export function phraseText(phrase: Phrase, unit: RateUnit): string {
  let text = '';
  for (const part of phrase) {
    if (typeof part === 'string') text += part;
    else if (part.kind === 'clock') text += formatClockWithZone(part.at);
    else if (part.kind === 'minute') text += formatMinute(part.at);
    else text += formatRate(part.perSecond, unit);
  }
  return text;
}

/** The findings with their headline and notes worded again from their phrases, in `unit`. */
export function wordFindings(findings: readonly Finding[], unit: RateUnit): Finding[] {
  return findings.map((finding) => {
    const phrases = finding.phrases;
    if (phrases === undefined) return finding;
    return { ...finding, headline: phraseText(phrases.headline, unit), notes: phrases.notes.map((note) => phraseText(note, unit)) };
  });
}

/** A finding's headline in `unit`: from its phrase, or as written when it has none. */
export function headlineText(finding: Finding, unit: RateUnit): string {
  return finding.phrases !== undefined ? phraseText(finding.phrases.headline, unit) : finding.headline;
}
