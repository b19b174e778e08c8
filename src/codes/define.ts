import { classOf } from './classes.js';
import type { CodeMeaning } from './types.js';

/** What a data module writes; class is derived from the code so the two cannot disagree. */
export type MeaningInput = Omit<CodeMeaning, 'class' | 'cacheable' | 'official'> & {
  cacheable?: boolean;
  official?: boolean;
};

/**
 * Builds a frozen entry with a fixed key order, so JSON output reads the same for every code.
 * Vendor codes default to unofficial and uncacheable; standard codes to official.
 */
export function defineMeaning(input: MeaningInput): CodeMeaning {
  const entry: CodeMeaning = {
    code: input.code,
    class: classOf(input.code),
    vendor: input.vendor,
    reason: input.reason,
    ...(input.formerReasons ? { formerReasons: Object.freeze([...input.formerReasons]) as string[] } : {}),
    ...(input.rfc !== undefined ? { rfc: input.rfc } : {}),
    ...(input.httpVersion !== undefined ? { httpVersion: input.httpVersion } : {}),
    description: input.description,
    cacheable: input.cacheable ?? false,
    official: input.official ?? input.vendor === 'standard',
    ...(input.cause !== undefined ? { cause: input.cause } : {}),
    ...(input.lookFirst !== undefined ? { lookFirst: input.lookFirst } : {}),
    ...(input.retry !== undefined ? { retry: input.retry } : {}),
  };
  return Object.freeze(entry);
}
