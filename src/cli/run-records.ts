import { expandSources } from '../ingest/index.js';
import { analyze } from '../pipeline/analyze.js';
import { RecordStream } from '../export/record-stream.js';
import type { RecordsCommandOptions } from './commands/records.js';
import { resolveFormatChoice } from './format-choice.js';
import { resolveTimeWindow } from './run-report.js';
import { UsageError, EXIT_OK, EXIT_USAGE } from './errors.js';

/** Runs `records`: NDJSON on stdout, problems on stderr; returns the exit code. */
export async function runRecords(files: string[], options: RecordsCommandOptions): Promise<number> {
  const formats = resolveFormatChoice(options.format, options.logFormat);
  const specs = expandSources(files);
  if (specs.some((spec) => spec.kind === 'stdin') && process.stdin.isTTY) {
    throw new UsageError('no input: name log files, or pipe a log into logcodes records');
  }
  const window = await resolveTimeWindow(specs, options, formats);
  const records = new RecordStream(process.stdout);
  const result = await analyze(specs, { formats, window, maxLineBytes: options.maxLineBytes, tap: records, pace: records.pace });
  records.flush();
  for (const problem of result.problems) process.stderr.write(`logcodes: ${problem}\n`);
  return result.problems.length > 0 ? EXIT_USAGE : EXIT_OK;
}
