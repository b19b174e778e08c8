import { describe, expect, it } from 'vitest';
import { allMeanings } from '../../src/codes/registry.js';
import { meaningsForAll, meaningsForQuery, parseCodeQuery } from '../../src/codes/select.js';

describe('parseCodeQuery', () => {
  it('reads codes and classes', () => {
    expect(parseCodeQuery('502')).toEqual({ kind: 'code', code: 502 });
    expect(parseCodeQuery('100')).toEqual({ kind: 'code', code: 100 });
    expect(parseCodeQuery('599')).toEqual({ kind: 'code', code: 599 });
    expect(parseCodeQuery('5xx')).toEqual({ kind: 'class', statusClass: '5xx' });
    expect(parseCodeQuery('4XX')).toEqual({ kind: 'class', statusClass: '4xx' });
  });

  it.each(['banana', '700', '099', '000', '50', '5022', '6xx', 'xx', '', '5.0', '-502', '0x1f6'])('rejects %j', (word) => {
    expect(parseCodeQuery(word)).toBeUndefined();
  });
});

describe('meaningsForQuery', () => {
  it('lists a whole class', () => {
    const server = meaningsForQuery({ kind: 'class', statusClass: '5xx' });
    expect(server.every((m) => m.class === '5xx')).toBe(true);
    expect(server.length).toBe(allMeanings().filter((m) => m.class === '5xx').length);
  });

  it("narrows a class to what each code means in one vendor's logs", () => {
    const forNginx = meaningsForQuery({ kind: 'class', statusClass: '4xx' }, 'nginx');
    const vendorsSeen = new Set(forNginx.map((m) => m.vendor));
    expect([...vendorsSeen].sort()).toEqual(['nginx', 'standard']);
    expect(forNginx.find((m) => m.code === 499)?.vendor).toBe('nginx');
    expect(forNginx.some((m) => m.code === 420)).toBe(false);
    expect(new Set(forNginx.map((m) => m.code)).size).toBe(forNginx.length);
  });

  it('gives one code every meaning, or one with a vendor', () => {
    expect(meaningsForQuery({ kind: 'code', code: 530 }).map((m) => m.vendor)).toEqual(['cloudflare', 'pantheon']);
    expect(meaningsForQuery({ kind: 'code', code: 530 }, 'pantheon').map((m) => m.vendor)).toEqual(['pantheon']);
    expect(meaningsForQuery({ kind: 'code', code: 502 }, 'iis').map((m) => m.vendor)).toEqual(['standard']);
    expect(meaningsForQuery({ kind: 'code', code: 299 })).toEqual([]);
  });

  it('lists everything with --all', () => {
    expect(meaningsForAll()).toEqual([...allMeanings()]);
    const forIis = meaningsForAll('iis');
    expect(forIis.find((m) => m.code === 451)?.vendor).toBe('iis');
    expect(forIis.some((m) => m.vendor !== 'iis' && m.vendor !== 'standard')).toBe(false);
  });
});
