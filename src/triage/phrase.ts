import type { Phrase, PhraseValue } from '../model/findings.js';
import { grouped } from './evidence.js';

/**
 * Building a finding's sentences with their times and rates as data (see Phrase): triage says
 * when and how often, the renderer decides the zone and the unit it is written in.
 */

/** The minute of epoch ms `ms`, to be written as `HH:MM`. */
export function clock(ms: number): PhraseValue {
  return { kind: 'clock', at: new Date(ms).toISOString() };
}

/** The minute of epoch ms `ms`, to be written with its date. */
export function minute(ms: number): PhraseValue {
  return { kind: 'minute', at: new Date(ms).toISOString() };
}

/** `count` events over `seconds`, to be written in the report's rate unit. */
export function rate(count: number, seconds: number): PhraseValue {
  return { kind: 'rate', perSecond: seconds > 0 ? count / seconds : 0 };
}

type Piece = string | PhraseValue | Phrase;

/** Appends pieces to a phrase: text runs are joined into one string, empty text is dropped. */
function append(out: Phrase, piece: Piece): void {
  if (Array.isArray(piece)) {
    for (const part of piece) append(out, part);
    return;
  }
  if (typeof piece !== 'string') {
    out.push(piece);
    return;
  }
  if (piece === '') return;
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === 'string') out[last] = `${out[last] as string}${piece}`;
  else out.push(piece);
}

/** A phrase from a template literal: its text, with times, rates and other phrases in their places. */
export function phrase(strings: TemplateStringsArray, ...pieces: Piece[]): Phrase {
  const out: Phrase = [];
  strings.forEach((text, i) => {
    append(out, text);
    if (i < pieces.length) append(out, pieces[i]!);
  });
  return out;
}

/** Text or a phrase, as a phrase. */
export function asPhrase(text: string | Phrase): Phrase {
  const out: Phrase = [];
  append(out, text);
  return out;
}

/** Phrases joined with a separator, as `parts.join(separator)` joins strings. */
export function joinPhrases(parts: readonly (string | Phrase)[], separator: string): Phrase {
  const out: Phrase = [];
  parts.forEach((part, i) => {
    if (i > 0) append(out, separator);
    append(out, part);
  });
  return out;
}

/** A rate per minute for a sentence: `56/min`, `0.3/min`. */
function perMinute(perSecond: number): string {
  const value = perSecond * 60;
  return `${value >= 10 ? grouped(Math.round(value)) : String(Number(value.toPrecision(2)))}/min`;
}

/**
 * A phrase as one string, times in UTC (`14:03 UTC`) and rates per minute: the finding's wording
 * on its own. A report words it again in its rate unit (report/phrase-text.ts).
 */
export function phraseInUtc(phrase: Phrase): string {
  let text = '';
  for (const part of phrase) {
    if (typeof part === 'string') text += part;
    else if (part.kind === 'clock') text += `${part.at.slice(11, 16)} UTC`;
    else if (part.kind === 'minute') text += `${part.at.slice(0, 16).replace('T', ' ')} UTC`;
    else text += perMinute(part.perSecond);
  }
  return text;
}
