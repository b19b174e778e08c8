import { Argument, type Command } from 'commander';
import { SHELLS, type Shell } from '../completion.js';

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script, e.g. source <(logcodes completion bash)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .action(async (shell: Shell) => {
      const { runCompletion } = await import('../run-completion.js');
      runCompletion(program, shell);
    });
}
