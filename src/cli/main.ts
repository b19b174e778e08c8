import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT_CODES, failureOf } from './exit-codes.js';
import { describeWriteError } from './write-errors.js';
import { registerCommands } from './commands/register.js';
import { closestCommand } from './suggest-command.js';
import { UsageError } from '../model/errors.js';

/**
 * The version package.json gives. It sits two folders above this module in src/cli/, dist/cli/
 * and dist/bundle/ alike, and npm always ships it with the package.
 */
function packageVersion(): string {
  const parsed: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = typeof parsed === 'object' && parsed !== null && 'version' in parsed ? parsed.version : undefined;
  return typeof version === 'string' ? version : 'unknown';
}

function buildProgram(): Command {
  const program = new Command();
  program
    .name('logcodes')
    .description('HTTP status codes from access logs, by class and vendor meaning, with 5xx triage')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  registerCommands(program);
  return program;
}

let pipeHandled = false;

/** Runs the CLI on process.argv-style arguments; sets process.exitCode, never throws. */
export async function main(argv: string[]): Promise<void> {
  if (!pipeHandled) {
    pipeHandled = true;
    // A closed pipe (`logcodes ... | head`) is a normal way for output to end. Any other write
    // error (a full disk, a quota) leaves a report that cannot be trusted: say so in one line.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      failedToWrite(err);
    });
  }
  const program = buildProgram();
  try {
    mistypedCommand(program, argv[2]);
    await program.parseAsync(argv);
  } catch (err) {
    // A file on stdout is written synchronously, so its errors are thrown from write().
    if (isWriteError(err)) failedToWrite(err);
    if (err instanceof CommanderError) {
      // help and version exit 0; commander already printed the message
      process.exitCode = err.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
      return;
    }
    const failure = failureOf(err);
    process.stderr.write(`logcodes: ${failure.message}\n`);
    if (process.env.LOGCODES_DEBUG && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
    process.exitCode = failure.exitCode;
  }
}

/** Throws when the first argument is no file but looks like a misspelt command, which `report` would read as a file. */
function mistypedCommand(program: Command, first: string | undefined): void {
  if (first === undefined || first.startsWith('-') || first.includes('/') || existsSync(first)) return;
  const names = program.commands.map((command) => command.name());
  if (names.includes(first)) return;
  const meant = closestCommand(first, names);
  if (meant === undefined) return;
  throw new UsageError(`unknown command '${first}' (did you mean ${meant}?); to read a file of that name, write ./${first}`);
}

function isWriteError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && (err as NodeJS.ErrnoException).syscall === 'write';
}

function failedToWrite(err: unknown): never {
  // stderr may be the same full disk: a failed message has nowhere else to go.
  try {
    process.stderr.write(`logcodes: ${describeWriteError(err)}\n`);
  } catch {
    // nothing left to tell
  }
  process.exit(EXIT_CODES.output);
}
