import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { runLogcodes } from './run.js';

const HAPROXY = 'fixtures/corpus/haproxy/debian-haproxy-2.6-httplog-raw.log';
const ENVOY = 'fixtures/corpus/envoy/projectcontour-contour-docs-common-proxy-errors.log';

async function triageJson(file: string): Promise<Report> {
  const result = await runLogcodes(['triage', '-o', 'json', file]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe('logcodes triage on proxy logs: the termination state and the response flags lead the advice', () => {
  it("HAProxy's sH-- 504s: the evidence names the state, the advice the slow backend", async () => {
    const report = await triageJson(HAPROXY);
    expect(report.formats).toEqual({ 'haproxy-http': 15 });
    const f = report.triage.find((finding) => finding.code === 504)!;
    expect(f.evidence.signals).toEqual([{ kind: 'haproxy-termination', label: 'termination', values: [{ value: 'sH--', count: 3 }] }]);
    expect(f.headline).toContain('termination sH--, server timeout waiting for the response headers: the backend is slow');
    expect(f.lookFirst).toContain("HAProxy's timeout server");
    expect(f.evidence.topUpstreams.map((u) => u.value)).toEqual(expect.arrayContaining(['be_app/app1', 'be_queue/q1']));
  });

  it("Envoy's UF 503: the evidence names the flag, the advice the connection to the upstream", async () => {
    const report = await triageJson(ENVOY);
    const [f] = report.triage;
    expect(f!.code).toBe(503);
    expect(f!.evidence.signals).toEqual([{ kind: 'envoy-response-flags', label: 'Envoy flags', values: [{ value: 'UF', count: 1 }] }]);
    expect(f!.headline).toContain('Envoy flags UF, Envoy could not connect to the upstream');
    expect(f!.lookFirst).toContain('is it running and listening on that port?');
  });

  it('prints the signal under its label in the terminal report', async () => {
    const result = await runLogcodes(['triage', HAPROXY]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}termination {3}sH-- ×3$/m);
    expect(result.stdout).toContain('• termination sH-- on 100% of them:');
  });
});
