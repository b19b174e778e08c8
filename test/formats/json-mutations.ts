/**
 * Lines mutated from real JSON log lines by a seeded generator, aimed at what a reader of JSON
 * text in place could get wrong: odd values of the keys it reads, blanks, duplicate keys, its
 * keys' names nested or inside strings, escapes in keys, cut-short lines, non-ASCII and control
 * characters.
 */
import { seededRandom } from '../../scripts/seeded-random.js';

/** Mutations of a JSON line that a fast reader could get wrong; each returns a new line. */
type Mutation = (line: string, random: () => number, keys: readonly string[]) => string;

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

/** Where the value of "key": starts and ends in a flat line (good enough to aim mutations). */
export function valueRange(line: string, key: string): [number, number] | undefined {
  const at = line.indexOf(`"${key}":`);
  if (at < 0) return undefined;
  const start = at + key.length + 3;
  let end = start;
  if (line[start] === '"') {
    end = start + 1;
    while (end < line.length && line[end] !== '"') end += line[end] === '\\' ? 2 : 1;
    end++;
  } else {
    while (end < line.length && !',}]'.includes(line[end]!)) end++;
  }
  return [start, Math.min(end, line.length)];
}

export const ODD_VALUES = [
  '5.02e2', '502.0', '502E0', '-502', '0', '-0', '00', '1e400', '-1', '"502"', '" 502"', '"502 "', '"5\\u0030"', '""', 'null', 'true', 'false',
  '{}', '[]', '{"a":[1,{"b":null}]}', '[1,2,', '"\\u00e9"', '"\u00e9"', '"caf\u00e9?x=1"', '"/a\\/b?c"', '"\\"quoted\\""', '12345678901234567890',
  '1712790000100000001', '"1712790000100000001"', '1712790000.5', '"2022-10-30T00:00:02Z"', '" 2022-10-30T00:00:02Z"', '"2022-10-30T00:00:02.123456789+02:00"',
  '"22/Nov/2026:03:40:13 +0000"', '"1795318813.379"', '1795318813.379', '0.000', '"0.017s"', '"1m2.5s"', '"-"', '"10.0.0.1, 10.0.0.2"', '"502, 504"',
  '"10.0.0.1:80 : 10.0.0.2:80"', '"\\t"', '1.5', '9007199254740993', '"http.log.access.x"', '"http.log.accessx"', '"GET /x?y HTTP/1.1"', '"\\ud800"',
];

const mutations: Mutation[] = [
  // A wanted key's value in another shape.
  (line, random, keys) => {
    const range = valueRange(line, pick(keys, random));
    return range === undefined ? line : line.slice(0, range[0]) + pick(ODD_VALUES, random) + line.slice(range[1]);
  },
  // Blanks around a token, JSON's and others.
  (line, random) => {
    const at = Math.floor(random() * line.length);
    return line.slice(0, at) + pick([' ', '\t', '\r', '  ', '\u00a0', '\ufeff', '\v'], random) + line.slice(at);
  },
  // A wanted key twice.
  (line, random, keys) => {
    const key = pick(keys, random);
    return line.replace(/^(\s*\{)/, `$1"${key}":${pick(ODD_VALUES, random)},`);
  },
  // A wanted key's name inside a nested object, or inside a string.
  (line, random, keys) => {
    const key = pick(keys, random);
    const inner = pick([`"x":{"${key}":1.5}`, `"x":[{"${key}":"5.0e2"}]`, `"msg":"\\"${key}\\":500"`, `"note":"${key}"`, `"${key}x":1`], random);
    return random() < 0.5 ? line.replace(/^(\s*\{)/, `$1${inner},`) : line.replace(/\}\s*$/, `,${inner}}`);
  },
  // An escape in a key.
  (line, random, keys) => {
    const key = pick(keys, random);
    const escaped = `\\u00${key.charCodeAt(0).toString(16)}${key.slice(1)}`;
    return line.replace(`"${key}"`, `"${escaped}"`);
  },
  // Cut short, or with something after the object.
  (line, random) => (random() < 0.7 ? line.slice(0, Math.floor(random() * line.length)) : line + pick([' x', '}', ',', ' {}', '\u00e9'], random)),
  // A character dropped or doubled anywhere.
  (line, random) => {
    const at = Math.floor(random() * line.length);
    return random() < 0.5 ? line.slice(0, at) + line.slice(at + 1) : line.slice(0, at) + line[at] + line.slice(at);
  },
  // Non-ASCII or control characters inside a string or outside.
  (line, random) => {
    const at = line.indexOf('":"', Math.floor(random() * line.length));
    const char = pick(['\u00e9', '\u65e5', '\ud83d\ude00', '\u0001', '\u001f', '\u007f'], random);
    return at < 0 ? char + line : line.slice(0, at + 3) + char + line.slice(at + 3);
  },
];

export function mutated(seedLines: readonly string[], keys: readonly string[], count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = pick(seedLines, random);
    const rounds = 1 + Math.floor(random() * 3);
    for (let r = 0; r < rounds; r++) line = pick(mutations, random)(line, random, keys);
    out.push(line);
  }
  return out;
}


/**
 * Every odd value in place of each key's value, and each key duplicated, nested, spelt inside a
 * string and escaped, in one line: a fixed set beside the random one.
 */
export function everyKeyEveryShape(line: string, keys: readonly string[]): string[] {
  const out: string[] = [];
  const open = (inner: string): string => line.replace(/^(\s*\{)/, `$1${inner},`);
  const close = (inner: string): string => line.replace(/\}\s*$/, `,${inner}}`);
  for (const key of keys) {
    const range = valueRange(line, key);
    for (const value of ODD_VALUES) {
      if (range !== undefined) out.push(line.slice(0, range[0]) + value + line.slice(range[1]));
      out.push(open(`"${key}":${value}`), close(`"${key}":${value}`));
    }
    out.push(
      open(`"x":{"${key}":1.5}`), open(`"x":[{"${key}":"5.0e2"}]`), close(`"x":{"y":{"${key}":null}}`), open(`"msg":"\\"${key}\\":500"`),
      open(`"note":"${key}"`), open(`"${key}x":1`), line.replace(`"${key}"`, `"\\u00${key.charCodeAt(0).toString(16)}${key.slice(1)}"`),
      line.replace(`"${key}":`, `"${key}" : `), line.replace(`"${key}":`, `"${key}"\t:\r`), line.replace(new RegExp(`"${key}":("[^"]*"|[^,}]*),?`), ''),
    );
  }
  for (let cut = 0; cut < line.length; cut += Math.max(1, Math.floor(line.length / 40))) out.push(line.slice(0, cut));
  return out;
}
