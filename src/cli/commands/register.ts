import type { Command } from 'commander';
import { registerReport, registerFormats } from './report.js';
import { registerMerge } from './merge.js';
import { registerExplain } from './explain.js';
import { registerRecords } from './records.js';
import { registerRules } from './rules.js';
import { registerCompletion } from './completion.js';

/** Each command module adds itself here. */
export function registerCommands(program: Command): void {
  registerReport(program);
  registerFormats(program);
  registerMerge(program);
  registerExplain(program);
  registerRecords(program);
  registerRules(program);
  registerCompletion(program);
}
