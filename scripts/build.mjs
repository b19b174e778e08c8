// Builds dist/: tsc compiles src/ file by file, then esbuild joins the CLI and its dependencies
// into one CommonJS file, dist/bundle/logcodes.cjs, and a sample run saves the V8 code cache that
// bin/logcodes.js starts it with (src/cli/launch.ts). Node loads one script much faster than
// eighty modules, and compiles nothing the cache holds: on an empty log, a run of the command
// takes about 40 ms less than with ES module chunks. Exits non-zero when tsc reports errors, but
// still bundles what it emitted, so the tests can report the type errors themselves.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
rmSync(`${root}dist/bundle`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/bundle/logcodes.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // import.meta.url is read where a module is required only when needed (zlib, the latency sketch).
  define: { 'import.meta.url': 'bundleUrl' },
  banner: { js: 'var bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: 'warning',
  minifySyntax: true,
});
// Without a cache the command still runs, compiling from the source, so a failure here is a warning.
const cache = spawnSync(process.execPath, [`${root}scripts/code-cache.mjs`], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (cache.status !== 0) process.stderr.write(`warning: no code cache for dist/bundle/logcodes.cjs: ${cache.stderr.trim().split('\n')[0] ?? ''}\n`);
process.exitCode = tsc.status === 0 ? 0 : 1;
