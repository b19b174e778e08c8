import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function logcodes(...args: string[]): Run {
  const result = spawnSync(process.execPath, ['bin/logcodes.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', LOGCODES_DEBUG: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonMeaning {
  code: number;
  class: string;
  vendor: string;
  reason: string;
  description: string;
  cause?: string;
  lookFirst?: string;
  retry?: string;
}

function json(run: Run): JsonMeaning[] {
  expect(run.status).toBe(0);
  const parsed: unknown = JSON.parse(run.stdout);
  expect(Array.isArray(parsed)).toBe(true);
  return parsed as JsonMeaning[];
}

/** Headings are the unindented lines: "<code> <reason>". */
function headings(text: string): string[] {
  return text.split('\n').filter((line) => /^\d{3} /.test(line));
}

function expectOneLineError(run: Run, pattern: RegExp): void {
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
}

describe('logcodes explain (text)', () => {
  it('shows every meaning of 499 with its vendor', () => {
    const run = logcodes('explain', '499');
    expect(run.status).toBe(0);
    expect(headings(run.stdout)).toEqual(
      expect.arrayContaining(['499 Client Closed Request', '499 Token Required', '499 Request has been forbidden by antivirus']),
    );
    const blocks = run.stdout.split('\n\n');
    const vendorOf = (heading: string): string | undefined =>
      blocks.find((block) => block.startsWith(heading))?.match(/Vendor:\s+([a-z-]+)/)?.[1];
    expect(vendorOf('499 Client Closed Request\n  Vendor:       nginx')).toBe('nginx');
    expect(vendorOf('499 Token Required')).toBe('esri');
    expect(vendorOf('499 Request has been forbidden by antivirus')).toBe('proxy');
  });

  it('shows only the nginx meaning with --vendor nginx', () => {
    const run = logcodes('explain', '499', '--vendor', 'nginx');
    expect(run.status).toBe(0);
    expect(headings(run.stdout)).toEqual(['499 Client Closed Request']);
    expect(run.stdout).toMatch(/Vendor:\s+nginx/);
    expect(run.stdout).not.toMatch(/esri|antivirus|cloudflare/i);
  });

  it('takes a product name or another case for --vendor: arcgis is esri', () => {
    const run = logcodes('explain', '499', '--vendor', 'ArcGIS');
    expect(run.status).toBe(0);
    expect(headings(run.stdout)).toEqual(['499 Token Required']);
    const unknown = logcodes('explain', '499', '--vendor', 'lighttpd');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^logcodes: unknown vendor "lighttpd"; valid vendors: standard, nginx/);
  });

  it('gives the Exchange redirect for 451 in IIS', () => {
    const run = logcodes('explain', '451', '--vendor', 'iis');
    expect(run.status).toBe(0);
    expect(headings(run.stdout)).toEqual(['451 Redirect']);
    expect(run.stdout).toMatch(/Exchange/);
    expect(run.stdout).toMatch(/Autodiscover/);
  });

  it('puts the RFC 7725 meaning of 451 first', () => {
    const run = logcodes('explain', '451');
    expect(run.status).toBe(0);
    expect(headings(run.stdout)).toEqual(['451 Unavailable For Legal Reasons', '451 Redirect']);
    const first = run.stdout.split('\n\n')[0] ?? '';
    expect(first).toMatch(/RFC:\s+RFC 7725/);
    expect(first).toMatch(/Vendor:\s+standard/);
  });

  it("shows Cloudflare's and Pantheon's 530", () => {
    const run = logcodes('explain', '530');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Vendor:\s+cloudflare/);
    expect(run.stdout).toMatch(/Vendor:\s+pantheon/);
    expect(headings(run.stdout)).toHaveLength(2);
  });

  it('prints every field a reader needs and stays within 80 columns', () => {
    const run = logcodes('explain', '502', '413', '524');
    expect(run.status).toBe(0);
    for (const label of ['Vendor:', 'Class:', 'RFC:', 'Defined in:', 'Cacheable:', 'Meaning:', 'Likely cause:', 'Look first:', 'Retry:']) {
      expect(run.stdout).toContain(label);
    }
    expect(run.stdout).toContain('Formerly:');
    const longest = Math.max(...run.stdout.split('\n').map((line) => line.length));
    expect(longest).toBeLessThanOrEqual(80);
  });

  it('says where a code was first defined, never that HTTP/0.9 had it', () => {
    const run = logcodes('explain', '200', '203', '500', '300');
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/HTTP version:\s+HTTP\/0\.9/);
    expect(run.stdout.match(/Defined in:\s+the first HTTP drafts \(1992\), before HTTP\/1\.0/g)).toHaveLength(2);
    expect(run.stdout).toMatch(/Defined in:\s+the first HTTP drafts \(1992\); left out of HTTP\/1\.0, back in\s+HTTP\/1\.1/);
    expect(run.stdout).toMatch(/Defined in:\s+HTTP\/1\.0 \(RFC 1945, 1996\)/);
    const json = JSON.parse(logcodes('explain', '200', '--json').stdout) as { httpVersion: string; firstDefined: string }[];
    expect(json[0]).toMatchObject({ httpVersion: 'HTTP/0.9', firstDefined: expect.stringContaining('first HTTP drafts (1992)') });
  });

  it('says when the standard meaning stands in for a vendor', () => {
    const run = logcodes('explain', '502', '--vendor', 'nginx');
    expect(run.status).toBe(0);
    expect(headings(run.stdout)).toEqual(['502 Bad Gateway']);
    expect(run.stdout).toMatch(/nginx gives 502 no meaning of its own/);
  });

  it('reports an unregistered code with its class and exits 0', () => {
    const run = logcodes('explain', '299');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/299: not a registered status code; its class is 2xx/);
  });

  it('lists a class', () => {
    const run = logcodes('explain', '5xx');
    expect(run.status).toBe(0);
    const codes = headings(run.stdout).map((heading) => Number(heading.slice(0, 3)));
    expect(codes.every((code) => code >= 500 && code <= 599)).toBe(true);
    expect(codes).toEqual(expect.arrayContaining([500, 502, 503, 504, 520, 524, 561, 598]));
  });
});

describe('logcodes explain --json', () => {
  it('prints one array of meaning objects with triage fields', () => {
    const meanings = json(logcodes('explain', '502', '--json'));
    expect(meanings).toHaveLength(1);
    const [bad] = meanings;
    expect(bad).toMatchObject({ code: 502, class: '5xx', vendor: 'standard', reason: 'Bad Gateway' });
    for (const field of ['description', 'cause', 'lookFirst', 'retry'] as const) {
      expect(typeof bad?.[field]).toBe('string');
      expect(bad?.[field]?.length).toBeGreaterThan(10);
    }
  });

  it('accepts -o json as the same thing', () => {
    expect(logcodes('explain', '502', '-o', 'json').stdout).toBe(logcodes('explain', '502', '--json').stdout);
  });

  it('keeps the shape for every entry of --all', () => {
    const meanings = json(logcodes('explain', '--all', '--json'));
    expect(meanings.length).toBeGreaterThan(90);
    for (const meaning of meanings) {
      expect(typeof meaning.code).toBe('number');
      expect(meaning.class).toBe(`${Math.floor(meaning.code / 100)}xx`);
      expect(meaning.vendor).toMatch(/^[a-z-]+$/);
      expect(meaning.reason.length).toBeGreaterThan(0);
      expect(meaning.description.length).toBeGreaterThan(0);
      if (meaning.class === '4xx' || meaning.class === '5xx') {
        expect(meaning.cause && meaning.lookFirst && meaning.retry, `${meaning.code}/${meaning.vendor}`).toBeTruthy();
      }
    }
    const pairs = meanings.map((m) => `${m.code}/${m.vendor}`);
    expect(pairs).toEqual(expect.arrayContaining(['499/nginx', '499/esri', '499/proxy', '530/cloudflare', '530/pantheon', '451/standard', '451/iis']));
  });

  it('lists the 499 vendors and filters by vendor', () => {
    const all = json(logcodes('explain', '499', '--json'));
    expect(all.map((m) => m.vendor).sort()).toEqual(['cloudflare', 'esri', 'nginx', 'proxy', 'traefik']);
    const nginx = json(logcodes('explain', '499', '--json', '--vendor', 'nginx'));
    expect(nginx.map((m) => [m.vendor, m.reason])).toEqual([['nginx', 'Client Closed Request']]);
  });

  it('lists a class, without repeating a code also named on its own', () => {
    const meanings = json(logcodes('explain', '4xx', '404', '--json'));
    expect(meanings.every((m) => m.class === '4xx')).toBe(true);
    expect(meanings.filter((m) => m.code === 404)).toHaveLength(1);
  });

  it('prints [] and a note for an unregistered code', () => {
    const run = logcodes('explain', '299', '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.stderr.trim()).toBe('logcodes: 299 is not a registered status code (class 2xx)');
  });
});

describe('logcodes explain for a vendor that lacks the code', () => {
  it('names the vendors that do define it', () => {
    const run = logcodes('explain', '420', '--vendor', 'nginx');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/420: has no nginx meaning and no standard one/);
    expect(run.stdout).toMatch(/spring, twitter/);
  });

  it('prints [] under --json with the same note on stderr', () => {
    const run = logcodes('explain', '499', '--vendor', 'standard', '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.stderr.trim()).toBe('logcodes: 499 has no standard meaning (defined by: nginx, cloudflare, traefik, esri, proxy)');
  });
});

describe('logcodes explain errors', () => {
  it.each([['banana'], ['700'], ['99'], ['6xx']])('rejects %s with one line and exit 1', (word) => {
    expectOneLineError(logcodes('explain', word), new RegExp(`^logcodes: "${word}" is neither a status code`));
  });

  it('rejects a bad word even next to good ones', () => {
    expectOneLineError(logcodes('explain', '502', 'banana', '--json'), /"banana"/);
  });

  it('lists the valid vendors for an unknown --vendor', () => {
    const run = logcodes('explain', '502', '--vendor', 'lighttpd');
    expectOneLineError(run, /unknown vendor "lighttpd"/);
    for (const vendor of ['standard', 'nginx', 'iis', 'cloudflare', 'aws-elb', 'proxy']) expect(run.stderr).toContain(vendor);
  });

  it('needs a code or --all', () => {
    expectOneLineError(logcodes('explain'), /give at least one status code/);
    expectOneLineError(logcodes('explain', '502', '--all'), /not both/);
  });

  it('rejects output formats it cannot print', () => {
    expectOneLineError(logcodes('explain', '502', '-o', 'html'), /text or json/);
  });
});
