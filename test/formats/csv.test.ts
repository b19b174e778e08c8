import { describe, expect, it } from 'vitest';
import { splitCsvLine } from '../../src/formats/csv.js';

describe('splitCsvLine', () => {
  it('splits plain fields, keeping empty ones', () => {
    expect(splitCsvLine('a,b,,c,')).toEqual(['a', 'b', '', 'c', '']);
    expect(splitCsvLine('')).toEqual(['']);
  });

  it('reads quoted fields with delimiters and doubled quotes inside', () => {
    expect(splitCsvLine('"a,b","say ""hi""",""')).toEqual(['a,b', 'say "hi"', '']);
  });

  it('keeps the rest of the line for an unterminated quote', () => {
    expect(splitCsvLine('x,"abc,def')).toEqual(['x', 'abc,def']);
  });

  it('keeps text after a closing quote up to the delimiter', () => {
    expect(splitCsvLine('"a"b,c')).toEqual(['ab', 'c']);
  });

  it('honours another delimiter', () => {
    expect(splitCsvLine('a\t"b\tc"\td', '\t')).toEqual(['a', 'b\tc', 'd']);
  });
});

describe('splitCsvLine with a field limit', () => {
  it('leaves the rest of the line in the last field', () => {
    expect(splitCsvLine('a,"b,c",d,e', ',', 3)).toEqual(['a', 'b,c', 'd,e']);
    expect(splitCsvLine('a,b', ',', 3)).toEqual(['a', 'b']);
  });
});
