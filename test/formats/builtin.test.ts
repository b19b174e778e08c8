import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinFormats, findFormat } from '../../src/formats/builtin.js';

describe('builtinFormats', () => {
  it('has one definition per name, each found by findFormat', () => {
    const names = builtinFormats.map((format) => format.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(findFormat(name)?.name).toBe(name);
  });

  it("are all named in the README's list of known formats", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Formats'), readme.indexOf('## Output'));
    for (const { name } of builtinFormats) expect(section, name).toContain(`\`${name}\``);
  });
});
