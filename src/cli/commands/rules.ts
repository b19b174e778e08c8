import { InvalidArgumentError, type Command } from 'commander';
import type { RulesCommandOptions } from '../options.js';
import { PROMETHEUS_DURATION } from '../../export/rules.js';
import { collect } from './repeatable.js';

function duration(value: string): string {
  if (value === '' || !PROMETHEUS_DURATION.test(value)) throw new InvalidArgumentError('It takes a Prometheus duration such as 30s, 5m or 1h30m.');
  return value;
}

export function registerRules(program: Command): void {
  program
    .command('rules')
    .description('Prometheus alerting rules (YAML) equivalent to --fail-on rules, over the metrics of --metrics')
    .option('--fail-on <rule>', "a rule such as '5xx>2%' or '502>100' (repeatable; default 5xx>2%)", collect, [])
    .option('--window <duration>', 'range of rate() and increase(): a share is over it, a count is per it', duration, '5m')
    .option('--for <duration>', 'how long a rule must hold before its alert fires (0s: at once)', duration, '2m')
    .option('--vendor <id>', "whose meaning and advice a code's alert carries (e.g. nginx for 499); default standard")
    .action(async (options: RulesCommandOptions) => {
      const { runRules } = await import('../run-rules.js');
      runRules(options);
    });
}
