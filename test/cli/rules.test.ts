import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meaningFor } from '../../src/codes/registry.js';
import { runLogcodes, stdoutOfCleanRun } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-rules-'));

function promtool(args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function rules(args: readonly string[]): Promise<string> {
  return stdoutOfCleanRun(['rules', ...args]);
}

/** A counter series as Prometheus would scrape it from logcodes --metrics on one server. */
function series(instance: string, code: number, perMinute: number): { series: string; values: string } {
  const cls = `${String(code)[0]}xx`;
  const meaning = meaningFor(code, 'nginx')!.reason;
  return {
    series: `logcodes_http_responses_total{code="${code}",class="${cls}",vendor_meaning="${meaning}",source="/var/log/nginx/access.log",instance="${instance}",job="logcodes"}`,
    values: `0+${perMinute}x30`,
  };
}

describe('logcodes rules', () => {
  it('passes promtool check rules, for shares and counts of classes and codes', async () => {
    writeFileSync(join(dir, 'default.yml'), await rules([]));
    writeFileSync(
      join(dir, 'many.yml'),
      await rules(['--fail-on', '5xx>2%', '--fail-on', '4xx>=10.5%', '--fail-on', '502>100', '--fail-on', '499>=5%', '--fail-on', '5xx>2%', '--vendor', 'nginx', '--for', '0s', '--window', '10m']),
    );
    expect(promtool(['check', 'rules', 'default.yml'])).toEqual({ status: 0, output: 'Checking default.yml\n  SUCCESS: 1 rules found\n\n' });
    expect(promtool(['check', 'rules', 'many.yml'])).toEqual({ status: 0, output: 'Checking many.yml\n  SUCCESS: 4 rules found\n\n' });
  });

  it('fires on the server whose share of 502s passes the rule, with the advice for 502', async () => {
    writeFileSync(join(dir, 'share.yml'), await rules(['--fail-on', '502>2%', '--fail-on', '502>100', '--for', '1m']));
    const advice = meaningFor(502, 'standard')!;
    const firing = {
      exp_labels: { severity: 'critical', logcodes_rule: '502>2%', instance: 'web1', job: 'logcodes' },
      exp_annotations: {
        summary: 'web1: more than 2% of responses are 502 (Bad Gateway)',
        description: '3% of responses over the last 5m were 502 (Bad Gateway); logcodes rule 502>2%.',
        cause: advice.cause,
        look_first: advice.lookFirst,
        retry: advice.retry,
      },
    };
    // web1: 3 of every 100 responses are 502s; web2: 1 of 100, and far fewer than 100 in 5 minutes.
    const test = {
      rule_files: ['share.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [series('web1', 200, 97), series('web1', 502, 3), series('web2', 200, 99), series('web2', 502, 1)],
          alert_rule_test: [
            { eval_time: '10m', alertname: 'LogcodesHttp502Above2Percent', exp_alerts: [firing] },
            { eval_time: '10m', alertname: 'LogcodesHttp502Above100', exp_alerts: [] },
          ],
        },
      ],
    };
    // JSON is YAML: promtool reads it as written.
    writeFileSync(join(dir, 'share.test.yml'), JSON.stringify(test, null, 2));
    expect(promtool(['test', 'rules', 'share.test.yml'])).toEqual({ status: 0, output: 'Unit Testing:  share.test.yml\n  SUCCESS\n\n' });
  });

  it('refuses a rule it cannot translate with a one-line message', async () => {
    const bad = await runLogcodes(['rules', '--fail-on', '5xx>>2']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^logcodes: invalid --fail-on rule '5xx>>2': expected/);
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    const window = await runLogcodes(['rules', '--window', '5 minutes']);
    expect(window.code).toBe(1);
    expect(window.stderr).toContain('--window');
  });
});
