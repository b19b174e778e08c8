import type { Command } from 'commander';

/** Each command module adds itself here. */
export function registerCommands(program: Command): void {
  void program;
}
