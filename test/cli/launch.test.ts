import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './run.js';

// launch.ts is run from dist/ (the global setup builds it), in a child process so that the bundle's
// handlers and exit code stay out of the test runner.
function launch(body: string): { status: number | null; stdout: string; stderr: string } {
  const script = `import { loadCli } from './dist/cli/launch.js';\n${body}`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('launching the bundled CLI', () => {
  it('starts from the code cache the build saved', () => {
    const result = launch(`process.stdout.write(String(loadCli().cacheUsed));`);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('true');
  });

  it('runs the same without the cache', () => {
    const argv = `[process.execPath, 'logcodes', 'report', '-o', 'json', 'fixtures/incident/nginx-incident.log']`;
    const withCache = launch(`await loadCli().main(${argv});`);
    const without = launch(`const cli = loadCli({ useCache: false }); if (cli.cacheUsed) throw new Error('cache used'); await cli.main(${argv});`);
    expect(without.stderr).toBe('');
    expect(without.status).toBe(withCache.status);
    const strip = (text: string): string => text.replace(/"generatedAt": "[^"]*"/, '');
    expect(strip(without.stdout)).toBe(strip(withCache.stdout));
    expect(JSON.parse(without.stdout).lines.total).toBeGreaterThan(0);
  });
});
