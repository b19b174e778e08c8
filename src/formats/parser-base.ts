import type { IgnoredCode } from '../model/ignored.js';
import type { MalformedCode, MalformedReason } from '../model/malformed.js';
import { HotFields } from './hot-fields.js';
import { ScanOutcome } from './parser.js';

/**
 * What every LineParser keeps the same way: the hot fields it fills, the reason of its last
 * malformed or ignored line, and the reset before each line. A parser extends this and writes scan(),
 * scanAt() and record(); the conventions for absent fields are below.
 */
export abstract class ParserBase {
  readonly hot = new HotFields();
  reason: MalformedReason | undefined = undefined;
  ignoredCode: IgnoredCode | undefined = undefined;

  /** First thing in every scan: a line that fails half-way leaves nothing of the line before. */
  protected resetLine(): void {
    this.hot.clear();
  }

  /** Rejects the line being scanned: `scan()` returns this, and the tally counts the line with the reason. */
  protected malformed(code: MalformedCode, detail: string): ScanOutcome {
    this.reason = { code, detail };
    return ScanOutcome.Malformed;
  }

  /** Skips the line being scanned, neither a request nor an error: `scan()` returns this, and the tally counts the line under the code. */
  protected ignore(code: IgnoredCode): ScanOutcome {
    this.ignoredCode = code;
    return ScanOutcome.Ignored;
  }
}

/**
 * Absent fields: a hot number the line does not carry is ABSENT (-1, src/formats/record.ts), and a
 * record field it does not carry is left undefined rather than invented. Logs write "nothing" as
 * `-` or an empty field; this turns such a value into undefined.
 */
export function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value === '-' ? undefined : value;
}
