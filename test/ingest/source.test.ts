import { describe, expect, it } from 'vitest';
import { expandSources, sourceName } from '../../src/ingest/source.js';

describe('expandSources', () => {
  it('reads stdin when there are no arguments', () => {
    expect(expandSources([])).toEqual([{ kind: 'stdin' }]);
  });

  it("maps '-' to stdin and keeps files in order", () => {
    expect(expandSources(['a.log', '-', 'b.log.gz'])).toEqual([
      { kind: 'file', path: 'a.log' },
      { kind: 'stdin' },
      { kind: 'file', path: 'b.log.gz' },
    ]);
  });

  it("keeps only the first '-', since stdin can be read once", () => {
    expect(expandSources(['-', 'x', '-'])).toEqual([{ kind: 'stdin' }, { kind: 'file', path: 'x' }]);
  });
});

describe('sourceName', () => {
  it('names a file by its path as given and stdin as stdin', () => {
    expect(sourceName({ kind: 'file', path: './logs/access.log' })).toBe('./logs/access.log');
    expect(sourceName({ kind: 'stdin' })).toBe('stdin');
  });
});
