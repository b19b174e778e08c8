import { describe, expect, it } from 'vitest';
import { asPhrase, clock, joinPhrases, minute, phrase, phraseInUtc, rate } from '../../src/triage/phrase.js';

const T = Date.UTC(2026, 2, 2, 10, 30, 0);

describe('phrases', () => {
  it('keep text runs whole and times and rates apart, in order', () => {
    const since = phrase`, elevated since ${minute(T)}`;
    const built = phrase`From ${clock(T)}${since} at ${rate(120, 60)}${''}.`;
    expect(built).toEqual([
      'From ',
      { kind: 'clock', at: '2026-03-02T10:30:00.000Z' },
      ', elevated since ',
      { kind: 'minute', at: '2026-03-02T10:30:00.000Z' },
      ' at ',
      { kind: 'rate', perSecond: 2 },
      '.',
    ]);
    expect(asPhrase('plain')).toEqual(['plain']);
    expect(asPhrase(built)).toEqual(built);
    expect(joinPhrases(['300 (9.1%)', phrase`from ${clock(T)}`], ', ')).toEqual(['300 (9.1%), from ', { kind: 'clock', at: '2026-03-02T10:30:00.000Z' }]);
  });

  it('give no rate over no time rather than an infinite one', () => {
    expect(rate(5, 0)).toEqual({ kind: 'rate', perSecond: 0 });
  });

  it('are written in UTC with rates per minute on their own', () => {
    expect(phraseInUtc(phrase`From ${minute(T)}, until ${clock(T + 6 * 60_000)}: peak ${rate(56, 60)}, about ${rate(9, 6000)}.`)).toBe(
      'From 2026-03-02 10:30 UTC, until 10:36 UTC: peak 56/min, about 0.09/min.',
    );
    expect(phraseInUtc(phrase`${rate(1234, 60)}`)).toBe('1,234/min');
  });
});
