import { allMeanings, meaningFor, meaningsOf } from './registry.js';
import type { CodeMeaning } from './types.js';
import type { CodeVendor, StatusClass } from '../model/status.js';

/** One word of an explain request: a single status code or a whole class. */
export type CodeQuery = { kind: 'code'; code: number } | { kind: 'class'; statusClass: StatusClass };

const CODE_WORD = /^[1-5]\d\d$/;
const CLASS_WORD = /^([1-5])xx$/i;

/** Reads '502' or '5xx' (any case); anything else, including codes outside 100-599, is undefined. */
export function parseCodeQuery(word: string): CodeQuery | undefined {
  const trimmed = word.trim();
  if (CODE_WORD.test(trimmed)) return { kind: 'code', code: Number(trimmed) };
  const classMatch = CLASS_WORD.exec(trimmed);
  if (classMatch) return { kind: 'class', statusClass: `${classMatch[1]}xx` as StatusClass };
  return undefined;
}

function distinctCodes(meanings: readonly CodeMeaning[]): number[] {
  const codes: number[] = [];
  for (const meaning of meanings) if (codes[codes.length - 1] !== meaning.code) codes.push(meaning.code);
  return codes;
}

/**
 * The meanings to show for a set of codes: all of them without a vendor; with one, what each
 * code means in that vendor's logs (its own meaning, else the standard one, else nothing).
 */
function meaningsForCodes(codes: readonly number[], vendor: CodeVendor | undefined): CodeMeaning[] {
  if (!vendor) return codes.flatMap((code) => meaningsOf(code));
  const chosen: CodeMeaning[] = [];
  for (const code of codes) {
    const meaning = meaningFor(code, vendor);
    if (meaning) chosen.push(meaning);
  }
  return chosen;
}

export function meaningsForQuery(query: CodeQuery, vendor?: CodeVendor): CodeMeaning[] {
  if (query.kind === 'code') return meaningsForCodes([query.code], vendor);
  const inClass = allMeanings().filter((meaning) => meaning.class === query.statusClass);
  return meaningsForCodes(distinctCodes(inClass), vendor);
}

export function meaningsForAll(vendor?: CodeVendor): CodeMeaning[] {
  return meaningsForCodes(distinctCodes(allMeanings()), vendor);
}

