import { InvalidArgumentError, type Command } from 'commander';
import type { RecordsCommandOptions } from '../options.js';
import { addFilterOptions } from './filter-options.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('It takes a whole number above 0.');
  return n;
}

export function registerRecords(program: Command): void {
  addFilterOptions(program
    .command('records')
    .description('the parsed records as NDJSON, one object per line, for DuckDB, ClickHouse or jq')
    .argument('[files...]', 'log files (plain, rotated or .gz); none or "-" reads standard input')
    .option('--format <name>', "log format, instead of auto-detection (see 'logcodes formats')")
    .option('--log-format <string>', 'an nginx log_format or Apache LogFormat string, pasted as it is in the server config')
    .option('--since <time>', "only records at or after this time: ISO 8601, HH:MM on the log's last day, or relative like -2h")
    .option('--until <time>', 'only records before this time (same forms as --since)'))
    .option('--max-line-bytes <n>', 'longer lines are counted as malformed', positiveInt, 1024 * 1024)
    .action(async (files: string[], options: RecordsCommandOptions) => {
      const { runRecords } = await import('../run-records.js');
      process.exitCode = await runRecords(files, options);
    });
}
