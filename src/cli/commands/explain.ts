import type { Command } from 'commander';
// Not the codes index: that would load every meaning for every command, only to list the vendor ids.
import { vendors } from '../../codes/vendor-names.js';
import type { ExplainOptions } from '../options.js';

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('what a status code means, per vendor, and what to do about it')
    .argument('[codes...]', 'status codes (e.g. 502) or classes (e.g. 5xx)')
    .option('--vendor <id>', `only this vendor's meaning (standard if it has none): ${vendors.join(', ')}; product names such as arcgis work too`)
    .option('--all', 'every registered code')
    .option('-o, --output <format>', 'text or json', 'text')
    .option('--json', 'shorthand for -o json')
    .option('--no-color', 'accepted for symmetry with other commands; explain prints no colour')
    .action(async (words: string[], options: ExplainOptions) => {
      const { runExplain } = await import('../run-explain.js');
      runExplain(words, options);
    });
}
