import { describe, expect, it } from 'vitest';
import { escapeControls, escapeHtml, escapeMarkdownCell, markdownCode, markdownProse } from '../../src/report/sanitize.js';

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
    ['zero-width space, joiners and word joiner', '/admin\u200b\u200c\u200d\u2060', '/admin\\u200b\\u200c\\u200d\\u2060'],
    ['byte-order mark and soft hyphen', '\ufeff/pay\u00adment', '\\ufeff/pay\\xadment'],
    ['Hangul filler and invisible times', 'a\u3164b\u2062c', 'a\\u3164b\\u2062c'],
    ['tag characters spelling hidden ASCII', '/ok\u{e0041}\u{e0042}\u{e007f}', '/ok\\u{e0041}\\u{e0042}\\u{e007f}'],
  ])('makes %s visible', (_name, input, expected) => {
    expect(escapeControls(input)).toBe(expected);
  });

  it('leaves printable text alone, accents, CJK and emoji included', () => {
    const text = '/café/日本語/😀?q=a b&c=d|e/👍🏽/🇫🇷/ñ';
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

  it('leaves an underscore between letters or digits, which cannot start emphasis', () => {
    expect(escapeMarkdownCell('proxy_read_timeout limit_req_2')).toBe('proxy_read_timeout limit_req_2');
    expect(escapeMarkdownCell('_x_ a_ _b a__b')).toBe('\\_x\\_ a\\_ \\_b a\\_\\_b');
  });
});

describe('escapeHtml', () => {
  it('escapes markup and quotes, and makes controls visible', () => {
    expect(escapeHtml('"><img src=x onerror=alert(1)>')).toBe('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml("it's & <b>")).toBe('it&#39;s &amp; &lt;b&gt;');
    expect(escapeHtml('\u202eabc')).toBe('\\u202eabc');
  });
});

describe('markdownCode', () => {
  it.each([
    ['a path', '/api/v2/cart', '`/api/v2/cart`'],
    ['a URL, which a code span never links', 'http://evil.example/x', '`http://evil.example/x`'],
    ['a pipe, escaped for the table', '/a|b', '`/a\\|b`'],
    ['backticks, with a longer fence', 'a`b``c', '```a`b``c```'],
    ['a leading backtick, padded', '`x', '`` `x ``'],
    ['HTML, which is text in a span', '<b>x</b>', '`<b>x</b>`'],
    ['a control, made visible', 'a\u001bb', '`a\\x1bb`'],
    ['nothing', '', ''],
  ])('writes %s', (_name, input, expected) => {
    expect(markdownCode(input)).toBe(expected);
  });
});

describe('markdownProse', () => {
  it('puts URLs, www. names and e-mail addresses in code spans and escapes the rest', () => {
    expect(markdownProse('upstream http://10.0.0.7:8080/health failed; mail ops@example.com or see www.example.org.')).toBe(
      'upstream `http://10.0.0.7:8080/health` failed; mail `ops@example.com` or see `www.example.org`.',
    );
    expect(markdownProse('5xx>2% on *all*')).toBe('5xx&gt;2% on \\*all\\*');
  });
});
