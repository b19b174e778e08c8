import { describe, expect, it } from 'vitest';
import type { Finding, Phrase } from '../../src/model/findings.js';
import { headlineText, phraseText, wordFindings } from '../../src/report/phrase-text.js';
import { isoInZone, parseZone } from '../../src/report/time-zone.js';

const episode: Phrase = [
  'From ',
  { kind: 'minute', at: '2026-03-02T10:30:00.000Z' },
  ', until ',
  { kind: 'clock', at: '2026-03-02T10:36:00.000Z' },
  ': peak ',
  { kind: 'rate', perSecond: 56 / 60 },
  '.',
];

describe('phraseText', () => {
  it('writes each time with its zone, as its ISO string gives it, and each rate in the unit given', () => {
    expect(phraseText(episode, 'min')).toBe('From 2026-03-02 10:30 UTC, until 10:36 UTC: peak 56/min.');
    expect(phraseText(episode, 's')).toBe('From 2026-03-02 10:30 UTC, until 10:36 UTC: peak 0.93/s.');
    const berlin = parseZone('Europe/Berlin');
    const shown = episode.map((part) => (typeof part === 'string' || part.kind === 'rate' ? part : { ...part, at: isoInZone(part.at, berlin) }));
    expect(phraseText(shown, 'min')).toBe('From 2026-03-02 11:30 +01:00, until 11:36 +01:00: peak 56/min.');
  });

  it('words findings again from their phrases, and leaves one without phrases as it was written', () => {
    const finding = { code: 502, headline: 'old', notes: ['old note'], phrases: { headline: ['502: ', episode[1]!], notes: [episode] } } as unknown as Finding;
    const [worded] = wordFindings([finding], 's');
    expect(worded!.headline).toBe('502: 2026-03-02 10:30 UTC');
    expect(worded!.notes).toEqual(['From 2026-03-02 10:30 UTC, until 10:36 UTC: peak 0.93/s.']);
    const older = { code: 502, headline: 'as written', notes: ['as written'] } as unknown as Finding;
    expect(wordFindings([older], 's')).toEqual([older]);
    expect(headlineText(older, 's')).toBe('as written');
    expect(headlineText(finding, 'min')).toBe('502: 2026-03-02 10:30 UTC');
  });
});
