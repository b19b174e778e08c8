import { expect } from 'vitest';
import type { LineParser } from '../../src/formats/parser.js';
import { MALFORMED_CODE_LIST, type MalformedReason } from '../../src/model/malformed.js';

/** The reason of a parser's last Malformed scan, checked: a listed code and a sentence. */
export function checkedReason(parser: LineParser): MalformedReason {
  const reason = parser.reason;
  expect(reason, `${parser.format} gave no reason`).toBeDefined();
  expect(MALFORMED_CODE_LIST).toContain(reason!.code);
  expect(reason!.detail.length).toBeGreaterThan(5);
  return reason!;
}
