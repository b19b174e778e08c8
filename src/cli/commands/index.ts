import type { Command } from 'commander';
import { registerExplain } from './explain.js';

/** Each command module adds itself here. */
export function registerCommands(program: Command): void {
  registerExplain(program);
}
