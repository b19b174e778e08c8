import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { CodeCount } from '../../src/model/counts.js';
import type { Report } from '../../src/model/report.js';
import { parseExposition, sumBy } from '../export/exposition.js';
import { repoRoot, runLogcodes } from './run.js';

const upstreaminfo = `${repoRoot}fixtures/real/nginx-upstreaminfo.log`;
const cloudflare = `${repoRoot}fixtures/incident/cloudflare-incident.ndjson`;
const iis = `${repoRoot}fixtures/corpus/iis/lnav-logfile_w3c_big.0-iis85-multiheader.log`;

async function report(args: readonly string[]): Promise<Report> {
  const result = await runLogcodes(['report', '-o', 'json', ...args]);
  return JSON.parse(result.stdout) as Report;
}

function byCode(counts: readonly CodeCount[]): Map<string, number> {
  return new Map(counts.map((row) => [String(row.code), row.count]));
}

describe('report -o prom', () => {
  it("writes the report's counts per source, with class and meaning, and no timestamps", async () => {
    const result = await runLogcodes(['report', '-o', 'prom', upstreaminfo, cloudflare, iis]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const samples = parseExposition(result.stdout);
    expect(samples.filter((sample) => sample.rest !== '')).toEqual([]);

    const all = await report([upstreaminfo, cloudflare, iis]);
    expect(sumBy(samples, 'logcodes_http_responses_total', 'code')).toEqual(byCode(all.codes));
    expect(sumBy(samples, 'logcodes_upstream_responses_total', 'code')).toEqual(byCode(all.upstreamCodes));
    expect(sumBy(samples, 'logcodes_origin_responses_total', 'code')).toEqual(byCode(all.originCodes));
    expect(sumBy(samples, 'logcodes_lines_total', 'outcome')).toEqual(
      new Map([['parsed', all.lines.parsed], ['malformed', all.lines.malformed], ['ignored', all.lines.ignored]]),
    );
    for (const source of [upstreaminfo, cloudflare, iis]) {
      const alone = await report([source]);
      const mine = samples.filter((sample) => sample.labels.source === source);
      expect(sumBy(mine, 'logcodes_http_responses_total', 'code')).toEqual(byCode(alone.codes));
      expect(sumBy(mine, 'logcodes_http_responses_total', 'class')).toEqual(
        new Map(Object.entries(alone.classes).filter(([, count]) => count > 0)),
      );
    }
    // The meaning is the one for the server that wrote the log: 499 from nginx is its own code.
    const meaning = (code: string): string | undefined =>
      samples.find((sample) => sample.name === 'logcodes_http_responses_total' && sample.labels.code === code)?.labels.vendor_meaning;
    expect(meaning('499')).toBe(all.codes.find((row) => row.code === 499)!.meaning);
    expect(meaning('502')).toBe('Bad Gateway');

    const durations = samples.filter((sample) => sample.name === 'logcodes_http_request_duration_seconds_count');
    expect(durations).toHaveLength(1);
    expect(durations[0]!.value).toBe(all.latencyMs!.count);
    const last = samples.find((sample) => sample.name === 'logcodes_last_record_timestamp_seconds');
    expect(last!.value * 1000).toBe(Date.parse(all.span.last!));
  });

  it("passes promtool's check of the text format", async () => {
    const result = await runLogcodes(['report', '-o', 'prom', upstreaminfo, cloudflare]);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: result.stdout, encoding: 'utf8' });
    expect(check.error).toBeUndefined();
    expect(`${check.stdout}${check.stderr}`).toBe('');
    expect(check.status).toBe(0);
  });
});
