import { describe, expect, it } from 'vitest';
import { escapeControls, escapeHtml, escapeMarkdownCell } from '../../src/report/sanitize.js';

describe('escapeControls', () => {
  it.each([
    ['CSI colour', '\u001b[31mred', '\\x1b[31mred'],
    ['OSC window title', '\u001b]0;title\u0007', '\\x1b]0;title\\x07'],
    ['carriage return and backspace', 'ok\rfake\bx', 'ok\\rfake\\x08x'],
    ['newline and tab', 'a\nb\tc', 'a\\nb\\tc'],
    ['NUL and DEL', 'a\u0000b\u007f', 'a\\x00b\\x7f'],
    ['C1 CSI and NEL', 'x\u009b2Jy\u0085', 'x\\x9b2Jy\\x85'],
    ['bidi override', 'abc\u202eexe.txt\u202c', 'abc\\u202eexe.txt\\u202c'],
    ['bidi isolates and marks', '\u2066a\u2069\u200f\u061c', '\\u2066a\\u2069\\u200f\\u061c'],
    ['line separator', 'a\u2028b', 'a\\u2028b'],
  ])('makes %s visible', (_name, input, expected) => {
    expect(escapeControls(input)).toBe(expected);
  });

  it('leaves printable text alone, accents, CJK and emoji included', () => {
    const text = '/café/日本語/😀?q=a b&c=d|e';
    expect(escapeControls(text)).toBe(text);
  });
});

describe('escapeMarkdownCell', () => {
  it('escapes what would end a cell, open a code span, or start HTML', () => {
    expect(escapeMarkdownCell('a|b')).toBe('a\\|b');
    expect(escapeMarkdownCell('`x`')).toBe('\\`x\\`');
    expect(escapeMarkdownCell('<script>')).toBe('&lt;script&gt;');
    expect(escapeMarkdownCell('a\nb')).toBe('a\\\\nb');
    expect(escapeMarkdownCell('__init__ *x* [l](u) ~~s~~')).toBe('\\_\\_init\\_\\_ \\*x\\* \\[l\\](u) \\~\\~s\\~\\~');
    expect(escapeMarkdownCell('&amp;')).toBe('&amp;amp;');
    expect(escapeMarkdownCell('\\|')).toBe('\\\\\\|');
  });
});

describe('escapeHtml', () => {
  it('escapes markup and quotes, and makes controls visible', () => {
    expect(escapeHtml('"><img src=x onerror=alert(1)>')).toBe('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml("it's & <b>")).toBe('it&#39;s &amp; &lt;b&gt;');
    expect(escapeHtml('\u202eabc')).toBe('\\u202eabc');
  });
});
