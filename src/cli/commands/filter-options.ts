import type { Command } from 'commander';
import { collect } from './repeatable.js';

// No default list: an option not given stays undefined, and its help has no "(default: [])".
/**
 * The filter options every command that reads logs takes (report, triage, records; live runs too).
 * Each is repeatable and takes comma-separated values: alternatives within an option, all options
 * together.
 */
export function addFilterOptions(command: Command): Command {
  return command
    .option('--status <codes>', 'only these statuses: codes, classes or ranges, e.g. 5xx,499 or 500-504', collect)
    .option('--path <glob>', "only paths matching a glob (no query), e.g. '/api/*'", collect)
    .option('--host <glob>', "only these hosts (glob, any case; a port in the log is ignored), e.g. '*.example.com'", collect)
    .option('--method <names>', 'only these request methods, e.g. POST,PUT', collect)
    .option('--client <cidr>', 'only clients in these IPv4/IPv6 addresses or CIDR blocks, e.g. 10.0.0.0/8,2001:db8::/32', collect)
    .option('--upstream <glob>', "only requests that went to a matching upstream address, e.g. '10.0.0.5:*'", collect);
}
