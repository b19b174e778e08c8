import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ReportCommandOptions } from '../options.js';
import { exitCodesHelp } from '../exit-codes.js';
import { addFilterOptions } from './filter-options.js';
import { COLOR_CHOICES } from '../color-choice.js';
import { BREAKDOWN_KEYS } from '../../tally/breakdown.js';
import { collect } from './repeatable.js';

// commander reports an InvalidArgumentError as a usage error naming the option and the value.
function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('It takes a whole number above 0.');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('It takes a number of seconds above 0.');
  return n;
}

// No default of [] for a repeatable option: commander would print '(default: [])' in the help.
/** Options shared by `report` and `triage`. */
function addAnalysisOptions(command: Command): Command {
  return addFilterOptions(command
    .argument('[files...]', 'log files (plain, rotated or .gz); none or "-" reads standard input')
    .option('--format <name>', "log format, instead of auto-detection (see 'logcodes formats')")
    .option('--log-format <string>', 'an nginx log_format or Apache LogFormat string, pasted as it is in the server config')
    .addOption(
      new Option(
        '-o, --output <kind>',
        'the report as a table (default), JSON, Markdown, HTML, CSV (the codes table), prom (the Prometheus text format), or summary (a tally to merge or compare with)',
      ).choices(['table', 'json', 'markdown', 'html', 'csv', 'prom', 'summary']),
    )
    .option('--json', 'shorthand for -o json')
    .option('--compact', 'with -o markdown: a short form for a chat message (Slack, Teams, a GitHub comment): no tables, at most 3,000 characters')
    .option('--since <time>', 'only records at or after this time: ISO 8601, HH:MM on the log\'s last day, or relative like -2h')
    .option('--until <time>', 'only records before this time (same forms as --since)'))
    .option('--top <n>', 'rows in every ranked list: codes, top paths and the like, each finding\'s evidence (default: 10 codes and offenders, 5 codes in triage)', positiveInt)
    .option('--raw-paths', 'top paths as logged (without the query), not shaped: /users/123 stays, not /users/:id')
    .option('--no-progress', 'no progress line on a terminal during a long batch run')
    .option('--tz <zone>', "show times in this zone (IANA name such as Europe/Paris, or +05:30); JSON stays in UTC")
    .option('--local-time', "show times in this machine's zone (TZ)")
    .addOption(new Option('--by <field>', 'the class mix and top codes per value of a field, for the --top values with most records').choices(BREAKDOWN_KEYS))
    .option('--interval <seconds>', 'live input: refresh (terminal) or snapshot (pipe) every N seconds (default: 1)', positiveNumber)
    .option('--fail-on <rule>', "exit with code 2 when a rule holds, e.g. '5xx>2%' or '502>100' (repeatable)", collect)
    .addOption(new Option('--color <when>', 'colour by class: auto (a terminal, unless NO_COLOR is set or FORCE_COLOR says otherwise), always, never').choices(COLOR_CHOICES))
    .option('--no-color', 'the same as --color never')
    .option('-f, --follow <file>', 'follow a growing file like tail -F, surviving rotation (repeatable)', collect)
    .option('--from-start', 'with --follow: read what the file already holds first')
    .option('--max-line-bytes <n>', 'longer lines are counted as malformed', positiveInt, 1024 * 1024)
    .option('--metrics <[host:]port>', 'live input: serve Prometheus metrics at http://HOST:PORT/metrics (host 127.0.0.1 unless given)')
    .option('--baseline <file>', "compare with a baseline: a -o summary file or a -o json report (enables rules like '504>3x', '5xx>+1pp')")
    .option('--label <key=value>', 'with -o summary: label the summary, e.g. host=web1 (repeatable)', collect);
}

async function run(view: 'report' | 'triage', files: string[], options: ReportCommandOptions): Promise<void> {
  const { runReport } = await import('../run-report.js');
  process.exitCode = await runReport(view, files, options);
}

export function registerReport(program: Command): void {
  const report = addAnalysisOptions(
    program
      .command('report', { isDefault: true })
      .description('count status codes by class and vendor meaning, with triage of server errors (the default command)'),
  ).action((files: string[], options: ReportCommandOptions) => run('report', files, options));
  report.addHelpText('after', `\n${REPORT_EXAMPLES}\n\n${exitCodesHelp()}`);

  const triage = addAnalysisOptions(
    program
      .command('triage')
      .description('incident view: findings and a per-minute timeline of server errors first; compare --since/--until with the hour before'),
  ).action((files: string[], options: ReportCommandOptions) => run('triage', files, options));
  triage.addHelpText('after', `\n${TRIAGE_EXAMPLES}\n\n${exitCodesHelp()}`);

  // 'logcodes FILE' runs report, so the top-level help shows report's options too, not only --version.
  program.addHelpText('after', () => `\n${defaultCommandOptions(report)}\n\n${REPORT_EXAMPLES}\n\n${exitCodesHelp()}`);
}

// Kept within 80 columns, like commander's own help.
const REPORT_EXAMPLES = `Examples:
  logcodes access.log               the report (report is the default command)
  logcodes triage access.log* --since 02:10 --until 03:30
  logcodes report -o markdown access.log.1 access.log.2.gz > nginx.md
  logcodes report -o html --fail-on '5xx>2%' access.log.1 > nginx.html || alert
  logcodes triage -o markdown --compact access.log   for a chat message
  tail -f access.log | logcodes     live view; Ctrl-C leaves the report
  logcodes --follow access.log --metrics 9464`;

const TRIAGE_EXAMPLES = `Examples:
  logcodes triage access.log
  logcodes triage access.log --since -2h          the last two hours of the log
  logcodes triage access.log --since 2026-11-21T02:10Z -o markdown
  logcodes triage access.log -o markdown --compact   for a chat message`;

/** The Options section of the default command's help, under a heading that says whose they are. */
function defaultCommandOptions(report: Command): string {
  const help = report.createHelp();
  const width = help.padWidth(report, help);
  const items = help.visibleOptions(report).map((option) => help.formatItem(help.optionTerm(option), width, help.optionDescription(option), help));
  return [`Options of report, the default command ('logcodes [options] [files...]'):`, ...items].join('\n');
}

export function registerFormats(program: Command): void {
  program
    .command('formats')
    .description('the log formats logcodes reads, and how each is detected')
    .option('--json', 'as JSON')
    .action(async (options: { json?: boolean }) => {
      const { runFormats } = await import('../run-formats.js');
      runFormats(Boolean(options.json));
    });
}
