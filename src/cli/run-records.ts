import { expandSources } from '../ingest/source.js';
import { analyze } from '../pipeline/analyze.js';
import { RecordStream } from '../export/record-stream.js';
import type { RecordsCommandOptions } from './options.js';
import { resolveFormatChoice } from './format-choice.js';
import { resolveFilter } from './filter-choice.js';
import { resolveTimeWindow } from './run-report.js';
import { UsageError } from '../model/errors.js';
import { EXIT_CODES, exitCodeOfProblems } from './exit-codes.js';

/** Runs `records`: NDJSON on stdout, problems on stderr; returns the exit code. */
export async function runRecords(files: string[], options: RecordsCommandOptions): Promise<number> {
  const formats = resolveFormatChoice(options.format, options.logFormat);
  const filter = resolveFilter(options);
  const specs = expandSources(files);
  if (specs.some((spec) => spec.kind === 'stdin') && process.stdin.isTTY) {
    throw new UsageError('no input: name log files, or pipe a log into logcodes records');
  }
  const window = await resolveTimeWindow(specs, options, formats);
  const records = new RecordStream(process.stdout);
  const result = await analyze(specs, { formats, window, filter, maxLineBytes: options.maxLineBytes, tap: records, pace: records.pace });
  records.flush();
  for (const problem of result.problems) process.stderr.write(`logcodes: ${problem.message}\n`);
  return exitCodeOfProblems(result.problems) ?? EXIT_CODES.ok;
}
