import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// CLI tests spawn the installed command (bin -> dist/bundle/logcodes.cjs), so dist must match src.
// tsc still emits JavaScript when types are wrong; test/typecheck.test.ts is
// what fails on type errors, so one bad file does not stop every other test.
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const result = spawnSync(process.execPath, [`${root}scripts/build.mjs`], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    process.stderr.write(`tsc reported errors while building dist (see test/typecheck.test.ts):\n${result.stdout.split('\n').slice(0, 10).join('\n')}\n`);
  }
}
