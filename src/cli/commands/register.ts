import type { Command } from 'commander';
import { registerReport, registerFormats } from './report.js';
import { registerExplain } from './explain.js';
import { registerRecords } from './records.js';
import { registerRules } from './rules.js';
import { registerCompletion } from './completion.js';

/** Each command module adds itself here. */
export function registerCommands(program: Command): void {
  registerReport(program);
  registerFormats(program);
  registerExplain(program);
  registerRecords(program);
  registerRules(program);
  registerCompletion(program);
}
