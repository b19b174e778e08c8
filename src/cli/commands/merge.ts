import { type Command, InvalidArgumentError, Option } from 'commander';
import { COLOR_CHOICES, type ColorChoice } from '../color-choice.js';
import type { MergeCommandOptions } from '../options.js';
import { collect } from './repeatable.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('It takes a whole number above 0.');
  return n;
}

function colorWhen(value: string): ColorChoice {
  const choice = COLOR_CHOICES.find((c) => c === value);
  if (choice === undefined) throw new InvalidArgumentError(`Allowed choices are ${COLOR_CHOICES.join(', ')}.`);
  return choice;
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('one report from many -o summary files (hosts behind a balancer, days of a week): counts add, triage runs on the sum')
    .argument('<summaries...>', 'summary files written by -o summary')
    .addOption(
      new Option('-o, --output <kind>', 'output: table, json, markdown, html, csv (the codes table), or summary (the merged summary)').choices([
        'table',
        'json',
        'markdown',
        'html',
        'csv',
        'summary',
      ]),
    )
    .option('--json', 'shorthand for -o json')
    .option('--compact', 'with -o markdown: a short form for a chat message (Slack, Teams, a GitHub comment): no tables, at most 3,000 characters')
    .option('--top <n>', 'how many entries in each top list', positiveInt, 10)
    .option('--fail-on <rule>', "exit with code 2 when a rule holds, e.g. '5xx>2%' or '504>3x' with --baseline (repeatable)", collect)
    .option('--baseline <file>', 'compare with a baseline: a -o summary file or a -o json report')
    .option('--label <key=value>', 'with -o summary: label the merged summary, e.g. region=eu (repeatable)', collect)
    .addOption(new Option('--color <when>', 'colour by class: auto (a terminal, unless NO_COLOR is set or FORCE_COLOR says otherwise), always, never').argParser(colorWhen))
    .option('--no-color', 'the same as --color never')
    .action(async (files: string[], options: MergeCommandOptions) => {
      const { runMerge } = await import('../run-merge.js');
      process.exitCode = await runMerge(files, options);
    });
}

