import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runLogcodesToFile } from './run.js';

const OUTPUTS = ['table', 'json', 'markdown', 'html'] as const;
const incident = 'fixtures/incident/nginx-incident.log';

// /dev/full accepts the open and fails every write with ENOSPC, as a full disk does.
describe.runIf(existsSync('/dev/full'))('a report that cannot be written', () => {
  for (const output of OUTPUTS) {
    it(`says so in one line and exits 1 (-o ${output}, report and triage)`, async () => {
      for (const command of ['report', 'triage']) {
        const result = await runLogcodesToFile([command, '-o', output, incident], '/dev/full');
        expect(result.code).toBe(1);
        expect(result.stderr).toBe('logcodes: cannot write the report: no space left on device\n');
      }
    });
  }
});
