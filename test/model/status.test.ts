import { describe, expect, it } from 'vitest';
import { classCountsOf } from '../../src/model/counts.js';
import { OTHER_CLASS_INDEX, STATUS_CLASSES, statusClassIndex, statusClassOf } from '../../src/model/status.js';

describe('statusClassIndex', () => {
  it('maps 100-599 to their class and everything else to other', () => {
    expect([100, 199, 200, 302, 404, 599].map(statusClassIndex)).toEqual([0, 0, 1, 2, 3, 4]);
    expect([0, 99, 600, 999, -1, Number.NaN].map(statusClassIndex)).toEqual([5, 5, 5, 5, 5, 5]);
  });
});

describe('statusClassOf', () => {
  it('names the class of a status, other outside 100-599', () => {
    expect([100, 204, 304, 499, 503, 0, 9, 600].map(statusClassOf)).toEqual(['1xx', '2xx', '3xx', '4xx', '5xx', 'other', 'other', 'other']);
    expect(STATUS_CLASSES[OTHER_CLASS_INDEX]).toBe('other');
  });
});

describe('classCountsOf', () => {
  it('reads counts in class order, with keys in report order, and zero for what is missing', () => {
    const counts = classCountsOf([1, 2, 3, 4, 5, 6]);
    expect(counts).toEqual({ '1xx': 1, '2xx': 2, '3xx': 3, '4xx': 4, '5xx': 5, other: 6 });
    expect(Object.keys(counts)).toEqual(['1xx', '2xx', '3xx', '4xx', '5xx', 'other']);
    expect(classCountsOf([])).toEqual({ '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 });
  });
});
