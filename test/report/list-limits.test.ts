import { describe, expect, it } from 'vitest';
import { listLimits } from '../../src/report/list-limits.js';

describe('listLimits', () => {
  it('keeps each view its own lengths when --top is not given', () => {
    expect(listLimits('report', undefined)).toEqual({ codes: 10, offenders: 10, evidence: 5 });
    expect(listLimits('triage', undefined)).toEqual({ codes: 5, offenders: 10, evidence: 5 });
    expect(listLimits('triage', undefined, 3).evidence).toBe(3);
  });

  it('sets every list to --top when it is given, above or below the defaults', () => {
    expect(listLimits('triage', 20)).toEqual({ codes: 20, offenders: 20, evidence: 20 });
    expect(listLimits('report', 2, 3)).toEqual({ codes: 2, offenders: 2, evidence: 2 });
  });
});
