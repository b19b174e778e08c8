import { describe, expect, it } from 'vitest';
import { charWidth, colorEnabled, createStyle, stripAnsi, visibleWidth } from '../../src/report/style.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('colorEnabled', () => {
  it.each([
    ['a terminal', tty, false, {}, true],
    ['a pipe', pipe, false, {}, false],
    ['a stream without isTTY', {}, false, {}, false],
    ['--no-color', tty, true, {}, false],
    ['NO_COLOR=1', tty, false, { NO_COLOR: '1' }, false],
    ['NO_COLOR with any value', tty, false, { NO_COLOR: 'false' }, false],
    ['an empty NO_COLOR', tty, false, { NO_COLOR: '' }, true],
    ['FORCE_COLOR=1 on a pipe', pipe, false, { FORCE_COLOR: '1' }, true],
    ['an empty FORCE_COLOR on a pipe', pipe, false, { FORCE_COLOR: '' }, true],
    ['FORCE_COLOR=0 on a terminal', tty, false, { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false on a terminal', tty, false, { FORCE_COLOR: 'false' }, false],
    ['NO_COLOR over FORCE_COLOR', tty, false, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    ['--no-color over FORCE_COLOR', pipe, true, { FORCE_COLOR: '3' }, false],
    ['TERM=dumb', tty, false, { TERM: 'dumb' }, false],
  ] as const)('%s', (_name, stream, flag, env, expected) => {
    expect(colorEnabled(stream, flag, env)).toBe(expected);
  });
});

describe('createStyle', () => {
  it('returns text unchanged without colour', () => {
    const style = createStyle(false);
    for (const paint of [style.bold, style.dim, style.statusClass('5xx'), style.severity('critical')]) {
      expect(paint('x')).toBe('x');
    }
  });

  it('colours classes and severities with colour', () => {
    const style = createStyle(true);
    expect(style.statusClass('2xx')('200')).toBe('\u001b[32m200\u001b[39m');
    expect(style.statusClass('3xx')('301')).toBe('\u001b[36m301\u001b[39m');
    expect(style.statusClass('4xx')('404')).toBe('\u001b[33m404\u001b[39m');
    expect(style.statusClass('5xx')('502')).toBe('\u001b[31m502\u001b[39m');
    expect(style.severity('critical')('X')).toContain('\u001b[1m');
    expect(style.severity('medium')('X')).toBe('\u001b[33mX\u001b[39m');
  });
});

describe('visible width', () => {
  it('ignores SGR and OSC sequences', () => {
    expect(stripAnsi('\u001b[1m\u001b[31mab\u001b[39m\u001b[22m')).toBe('ab');
    expect(stripAnsi('\u001b]0;title\u0007x\u001b]8;;http://e\u001b\\y')).toBe('xy');
    expect(visibleWidth('\u001b[32m200\u001b[39m')).toBe(3);
  });

  it('counts wide and zero-width characters', () => {
    expect(visibleWidth('日本')).toBe(4);
    expect(visibleWidth('e\u0301')).toBe(1);
    expect(charWidth('…')).toBe(1);
    expect(charWidth('😀')).toBe(2);
  });
});
