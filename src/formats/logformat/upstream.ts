/**
 * nginx upstream variables ($upstream_addr, $upstream_status,
 * $upstream_response_time, ...): one entry per server tried, joined by `, `
 * within an upstream group and by ` : ` across an internal redirect to another
 * group; `-` where a server gave no response. The whole value is `-` when no
 * upstream was involved.
 */
import { isNil, parseDecimal } from '../clf.js';
import { CH_COLON, CH_COMMA, CH_SPACE } from '../char-codes.js';

/** Splits a list into its elements, keeping ` : ` group breaks as ':' entries. */
export function splitUpstreamList(value: string): string[] | undefined {
  if (isNil(value)) return undefined;
  const out: string[] = [];
  for (const group of value.split(' : ')) {
    if (out.length > 0) out.push(':');
    for (const element of group.split(',')) {
      const trimmed = element.trim();
      if (trimmed.length > 0) out.push(trimmed);
    }
  }
  return out;
}

/** Addresses in order, with ':' entries where nginx moved to another group. */
export function parseUpstreamAddrs(value: string): string[] | undefined {
  return splitUpstreamList(value);
}

/** Statuses in order (group breaks dropped); null where nginx printed `-`. */
export function parseUpstreamStatuses(value: string): (number | null)[] | undefined {
  const elements = splitUpstreamList(value);
  if (elements === undefined) return undefined;
  const out: (number | null)[] = [];
  for (const e of elements) {
    if (e === ':') continue;
    const n = /^\d{1,3}$/.test(e) ? Number(e) : NaN;
    out.push(Number.isNaN(n) ? null : n);
  }
  return out;
}

/** Times in ms (from nginx seconds), in order; null for `-`. */
export function parseUpstreamTimesMs(value: string): (number | null)[] | undefined {
  const elements = splitUpstreamList(value);
  if (elements === undefined) return undefined;
  const out: (number | null)[] = [];
  for (const e of elements) {
    if (e === ':') continue;
    const ms = parseDecimal(e, 0, e.length, 1000);
    out.push(ms < 0 ? null : ms);
  }
  return out;
}


/**
 * Where the list starting at `from` ends, when the format puts `terminator`
 * after it: the first occurrence of the terminator that is not inside the
 * list's own `, ` or ` : ` separators. Linear: every retry moves forward.
 */
export function findListEnd(line: string, terminator: string, from: number): number {
  let k = line.indexOf(terminator, from);
  const startsWithSpace = terminator.charCodeAt(0) === CH_SPACE;
  while (k >= 0 && startsWithSpace) {
    if (k > from && line.charCodeAt(k - 1) === CH_COMMA) {
      k = line.indexOf(terminator, k + 1);
    } else if (line.charCodeAt(k + 1) === CH_COLON && line.charCodeAt(k + 2) === CH_SPACE) {
      k = line.indexOf(terminator, k + 3);
    } else {
      break;
    }
  }
  return k;
}
