import { describe, expect, it } from 'vitest';
import { evaluateFailRules, parseFailRule } from '../../src/triage/rules.js';
import type { ClassCounts } from '../../src/model/counts.js';

const classes: ClassCounts = { '1xx': 0, '2xx': 900, '3xx': 0, '4xx': 70, '5xx': 30, other: 0 };
const input = { classes, codes: [{ code: 200, count: 900 }, { code: 404, count: 70 }, { code: 502, count: 20 }, { code: 504, count: 10 }] };

describe('parseFailRule', () => {
  it('reads classes, codes, both operators, counts and percentages', () => {
    expect(parseFailRule('5xx>2%')).toEqual({ text: '5xx>2%', subject: '5xx', inclusive: false, threshold: 2, percent: true });
    expect(parseFailRule(' 502 >= 100 ')).toEqual({ text: '502>=100', subject: 502, inclusive: true, threshold: 100, percent: false });
    expect(parseFailRule('4XX>=10.5%')).toMatchObject({ subject: '4xx', threshold: 10.5, percent: true });
  });

  it.each(['', '5xx', '5xx<2%', '6xx>1', 'abc>1', '5xx>2%%', '502>', '5xx>150%', '50>1'])('rejects %j with a one-line message', (text) => {
    expect(() => parseFailRule(text)).toThrow(/^invalid --fail-on rule/);
    try {
      parseFailRule(text);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('evaluateFailRules', () => {
  const holds = (...rules: string[]): string[] => evaluateFailRules(rules.map(parseFailRule), input);

  it('compares percentages with the share of in-window records', () => {
    // 30 of 1000 are 5xx: 3%.
    expect(holds('5xx>2%', '5xx>3%', '5xx>=3%', '4xx>=10%')).toEqual(['5xx>2%', '5xx>=3%']);
  });

  it('compares counts, and treats absent codes as zero', () => {
    expect(holds('502>19', '502>20', '504>=10', '500>0', '5xx>0')).toEqual(['502>19', '504>=10', '5xx>0']);
  });

  it('holds nothing on an empty input', () => {
    const empty = { classes: { ...classes, '2xx': 0, '4xx': 0, '5xx': 0 }, codes: [] };
    expect(evaluateFailRules([parseFailRule('5xx>0%'), parseFailRule('5xx>=0')], empty)).toEqual(['5xx>=0']);
  });
});
