import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { builtinFormats } from '../../src/formats/builtin.js';
import { findLogEnd } from '../../src/pipeline/log-end.js';

const fixture = (path: string): string => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
const choice = { candidates: builtinFormats };

describe('findLogEnd', () => {
  it("reads a plain file's tail: the last time and the log's UTC offset", async () => {
    // zanbil's last and latest line: [22/Jan/2019:03:59:11 +0330]
    const end = await findLogEnd([{ kind: 'file', path: fixture('corpus/nginx/lnav-logfile_shop_access_log.0-zanbil-combined-xff.log') }], choice);
    const lastLine = readFileSync(fixture('corpus/nginx/lnav-logfile_shop_access_log.0-zanbil-combined-xff.log'), 'utf8').trimEnd().split('\n').pop()!;
    expect(lastLine).toContain('[22/Jan/2019:03:59:11 +0330]');
    expect(end).toEqual({ endMs: Date.UTC(2019, 0, 22, 0, 29, 11), tzOffsetMinutes: 210 });
  });

  it('reads gzip and IIS logs (whose tail lacks #Fields:) in full, and takes the latest of several files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logcodes-end-'));
    const gz = join(dir, 'incident.log.gz');
    writeFileSync(gz, gzipSync(readFileSync(fixture('incident/nginx-incident.log'))));
    const iis = fixture('incident/iis-incident.log');
    const gzEnd = await findLogEnd([{ kind: 'file', path: gz }], choice);
    expect(new Date(gzEnd.endMs!).toISOString()).toBe('2026-03-02T10:39:59.000Z');
    const iisEnd = await findLogEnd([{ kind: 'file', path: iis }], choice);
    expect(iisEnd.endMs).toBeGreaterThan(0);
    const both = await findLogEnd([{ kind: 'file', path: gz }, { kind: 'file', path: iis }], choice);
    expect(both.endMs).toBe(Math.max(gzEnd.endMs!, iisEnd.endMs!));
  });

  it('knows nothing of stdin or a missing file', async () => {
    expect(await findLogEnd([{ kind: 'stdin' }, { kind: 'file', path: '/nonexistent/access.log' }], choice)).toEqual({});
  });
});
