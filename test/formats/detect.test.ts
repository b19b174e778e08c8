import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/formats/detect.js';
import type { FormatDefinition, LineParser } from '../../src/formats/parser.js';
import type { LogVendor } from '../../src/formats/record.js';

function fakeFormat(name: string, vendor: LogVendor, match: (line: string) => number): FormatDefinition {
  return {
    name,
    vendor,
    description: name,
    detection: name,
    example: '',
    match,
    create: (): LineParser => {
      throw new Error('not used');
    },
  };
}

const json = fakeFormat('json', 'caddy', (line) => (line.startsWith('{') ? 10 : 0));
const clfNginx = fakeFormat('nginx-like', 'nginx', (line) => (line.includes('"') ? 5 : 0));
const clfApache = fakeFormat('apache-like', 'apache', (line) => (line.includes('"') ? 5 : 0));
const formats = [json, clfNginx, clfApache];

describe('detectFormat', () => {
  it('picks the format with the best total over the sample', () => {
    const result = detectFormat(['{"a":1}', '{"b":2}', 'x "y"'], formats);
    expect(result?.format.name).toBe('json');
    expect(result?.claimed).toBe(3);
    expect(result?.runnersUp.map((f) => f.name)).toEqual(['nginx-like', 'apache-like']);
  });

  it('breaks ties by registry order, or by a server name in the path', () => {
    expect(detectFormat(['a "b" c'], formats)?.format.name).toBe('nginx-like');
    expect(detectFormat(['a "b" c'], formats, '/var/log/apache2/access.log')?.format.name).toBe('apache-like');
    expect(detectFormat(['a "b" c'], formats, '/var/log/httpd/access_log.1')?.format.name).toBe('apache-like');
  });

  it('does not let a path hint outweigh a format that fits better', () => {
    expect(detectFormat(['{"a":1}'], formats, '/var/log/apache2/x.log')?.format.name).toBe('json');
  });

  it('returns nothing when no format claims any line, and ignores blank lines', () => {
    expect(detectFormat(['plain words', '', '   '], formats)).toBeUndefined();
  });
});
