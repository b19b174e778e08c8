import type { Command } from 'commander';
import { builtinFormats } from '../formats/builtin.js';
import { vendors } from '../codes/vendor-names.js';
import { completionScript, describeProgram, type Shell } from './completion.js';

/** Prints the completion script of the program as it is registered, with the values logcodes knows. */
export function runCompletion(program: Command, shell: Shell): void {
  const known = { '--format': ['auto', ...builtinFormats.map((format) => format.name)], '--vendor': vendors };
  process.stdout.write(completionScript(describeProgram(program, known, 'report'), shell));
}
