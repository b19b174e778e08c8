import { resolve } from 'node:path';
import { UsageError } from '../model/errors.js';
import type { SourceSummary } from '../model/report.js';
import { buildReport } from '../report/build.js';
import { DEFAULT_TOP } from '../report/list-limits.js';
import { Tally } from '../tally/tally.js';
import { triage } from '../triage/triage.js';
import { evaluateFailRules } from '../triage/rules.js';
import { EXIT_CODES } from './exit-codes.js';
import type { MergeCommandOptions, OutputKind } from './options.js';
import { checkCompact, checkRelativeRules, parseRules, render, summaryLabels } from './run-report.js';
import { loadBaseline, loadSummary, mergedSourceName, summaryText } from './summary-files.js';

/**
 * Runs `merge SUMMARY...`: the summaries' tallies added into one, which then goes the way of any
 * run's tally (triage, report, rules, or a summary again). Counts add exactly, per-minute counts
 * meet on the same UTC minutes, top lists merge by the Space-Saving rule. Returns the exit code.
 */
export async function runMerge(files: string[], options: MergeCommandOptions): Promise<number> {
  const output: Exclude<OutputKind, 'prom'> = options.json ? 'json' : (options.output ?? 'table');
  const rules = parseRules(options.failOn ?? []);
  checkRelativeRules(rules, options.baseline);
  const labels = await summaryLabels(output, options.label ?? []);
  checkCompact(output, options.compact);
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(resolve(file))) throw new UsageError(`${file} is given twice: its counts would be added twice`);
    seen.add(resolve(file));
  }
  const baseline = options.baseline !== undefined ? await loadBaseline(options.baseline) : undefined;

  const tally = new Tally({ top: options.top });
  const sources: SourceSummary[] = [];
  for (const file of files) {
    const summary = await loadSummary(file);
    // The same log name on every host: each source and sample is named with its summary's labels.
    const named = (source: SourceSummary): SourceSummary => ({ ...source, name: mergedSourceName(source, summary, file) });
    sources.push(...summary.sources.map(named));
    const samples = summary.tally.malformed.samples.map((sample) => ({ ...sample, source: mergedSourceName({ name: sample.source, lines: 0 }, summary, file) }));
    tally.addDocument({ ...summary.tally, malformed: { ...summary.tally.malformed, samples } });
  }

  if (output === 'summary') {
    process.stdout.write(await summaryText(tally, { labels, sources }));
    return EXIT_CODES.ok;
  }
  const summary = tally.summarize();
  const built = buildReport(summary, triage(summary), { sources, top: options.top ?? DEFAULT_TOP });
  const report = baseline !== undefined ? (await import('../report/baseline-compare.js')).withBaseline(built, baseline) : built;
  report.failedRules = evaluateFailRules(rules, report);
  process.stdout.write(await render(report, output, 'report', options));
  if (summary.requests === 0) {
    process.stderr.write(`logcodes: no records: the ${files.length === 1 ? 'summary holds' : `${files.length} summaries hold`} none\n`);
    return EXIT_CODES.input;
  }
  return report.failedRules.length > 0 ? EXIT_CODES['rule-held'] : EXIT_CODES.ok;
}
