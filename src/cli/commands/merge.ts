import { type Command, InvalidArgumentError, Option } from 'commander';
import type { MergeCommandOptions } from '../options.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('It takes a whole number above 0.');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('one report from many -o summary files (hosts behind a balancer, days of a week): counts add, triage runs on the sum')
    .argument('<summaries...>', 'summary files written by -o summary')
    .addOption(
      new Option('-o, --output <kind>', 'output: table, json, markdown, html, or summary (the merged summary)').choices([
        'table',
        'json',
        'markdown',
        'html',
        'summary',
      ]),
    )
    .option('--json', 'shorthand for -o json')
    .option('--top <n>', 'how many entries in each top list', positiveInt, 10)
    .option('--fail-on <rule>', "exit with code 2 when a rule holds, e.g. '5xx>2%' or '504>3x' with --baseline (repeatable)", collect, [])
    .option('--baseline <file>', 'compare with a baseline: a -o summary file or a -o json report')
    .option('--label <key=value>', 'with -o summary: label the merged summary, e.g. region=eu (repeatable)', collect, [])
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .action(async (files: string[], options: MergeCommandOptions) => {
      const { runMerge } = await import('../run-merge.js');
      process.exitCode = await runMerge(files, options);
    });
}

