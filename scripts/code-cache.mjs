// Saves the V8 code cache of the CLI bundle (see src/cli/launch.ts): runs the CLI in this process
// on the bundled sample logs, the way users most often run it, so the cache holds the bytecode of
// the functions those runs compile. Run by scripts/build.mjs with its output thrown away.
import { loadCli, saveCodeCache } from '../dist/cli/launch.js';

const SAMPLE = new URL('../fixtures/incident/nginx-incident.log', import.meta.url).pathname;
const RUNS = [
  ['report', '-o', 'json', SAMPLE],
  ['triage', SAMPLE],
];

const cli = loadCli({ useCache: false });
for (const args of RUNS) await cli.main([process.execPath, 'logcodes', ...args]);
saveCodeCache(cli);
