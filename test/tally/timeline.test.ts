import { describe, expect, it } from 'vitest';
import { timelineWidth } from '../../src/tally/timeline.js';

describe('timelineWidth', () => {
  it('keeps minutes when they fit', () => {
    expect(timelineWidth(0, 720)).toBe(1);
    expect(timelineWidth(720, 720)).toBe(1);
  });

  it('takes the narrowest readable width that fits', () => {
    expect(timelineWidth(721, 720)).toBe(2);
    expect(timelineWidth(1440, 720)).toBe(2);
    expect(timelineWidth(100, 30)).toBe(5);
    expect(timelineWidth(7 * 1440, 720)).toBe(15);
    expect(timelineWidth(30 * 1440, 720)).toBe(60);
  });

  it('goes on in whole days past the widest width', () => {
    expect(timelineWidth(720 * 1440, 720)).toBe(1440);
    expect(timelineWidth(720 * 1440 + 1, 720)).toBe(2880);
  });
});
