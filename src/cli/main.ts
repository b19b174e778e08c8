import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT_CODES, failureOf } from './exit-codes.js';
import { registerCommands } from './commands/index.js';

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
    // A closed pipe (`logcodes ... | head`) is a normal way for output to end.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
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
