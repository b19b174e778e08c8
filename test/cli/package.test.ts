import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { repoRoot } from './run.js';

/**
 * The package as npm would publish it: packed from the dist/ the end-to-end setup built, then
 * installed globally from the tarball into a temporary prefix with no registry to reach (an
 * unroutable registry, an empty cache, --offline), and run from another directory.
 */
const dir = mkdtempSync(join(tmpdir(), 'logcodes-package-'));
const prefix = join(dir, 'prefix');
const elsewhere = join(dir, 'elsewhere');
const pkg = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  bundleDependencies?: string[];
};

/** npm with no way to reach a registry: any download would fail the command. */
const offline = {
  ...process.env,
  npm_config_registry: 'http://127.0.0.1:9/',
  npm_config_cache: join(dir, 'npm-cache'),
  npm_config_update_notifier: 'false',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
};

let tarball: string;
let files: string[];

beforeAll(() => {
  mkdirSync(elsewhere);
  // --ignore-scripts: prepack would rebuild dist/ while other end-to-end tests run it.
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: repoRoot,
    env: offline,
    encoding: 'utf8',
  });
  const [info] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
  tarball = join(dir, info!.filename);
  files = info!.files.map((file) => file.path).sort();
  execFileSync('npm', ['install', '--global', '--offline', '--prefix', prefix, tarball], { cwd: elsewhere, env: offline, stdio: 'pipe' });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the npm package', () => {
  it('ships what runs and nothing else', () => {
    const shipped = files.filter((path) => !path.startsWith('node_modules/'));
    expect(shipped).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'bin/logcodes.js',
        'dist/bundle/logcodes.cjs',
        'dist/bundle/logcodes.cjs.cache',
        'dist/cli/launch.js',
        'package.json',
        'schema/report.schema.json',
      ]),
    );
    const allowed = /^(LICENSE|README\.md|package\.json|bin\/[^/]+\.js|dist\/bundle\/logcodes\.cjs(\.cache)?|dist\/cli\/launch\.js|schema\/[^/]+\.json)$/;
    expect(shipped.filter((path) => !allowed.test(path))).toEqual([]);
    // The bundled dependencies travel in the tarball, so an install needs no registry.
    for (const name of pkg.bundleDependencies ?? []) expect(files).toContain(`node_modules/${name}/package.json`);
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual([...(pkg.bundleDependencies ?? [])].sort());
  });

  it('runs no install-time script that points at a file left out of the tarball', () => {
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      const script = pkg.scripts[hook];
      if (script === undefined) continue;
      for (const [, path] of script.matchAll(/(?:node|sh|bash)\s+(\S+)/g)) expect(files, `${hook}: ${script}`).toContain(path);
    }
    expect(pkg.scripts.prepack).toContain('scripts/build.mjs');
  });

  it('installed globally from the tarball, offline, it runs from another directory', () => {
    const bin = join(prefix, 'bin', 'logcodes');
    const version = spawnSync(bin, ['--version'], { cwd: elsewhere, encoding: 'utf8' });
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toBe(pkg.version);

    copyFileSync(`${repoRoot}fixtures/incident/nginx-incident.log`, join(elsewhere, 'access.log'));
    const run = spawnSync(bin, ['report', '-o', 'json', 'access.log'], { cwd: elsewhere, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.lines.total).toBe(readFileSync(join(elsewhere, 'access.log'), 'utf8').trim().split('\n').length);
    // Durations go through the latency sketch, the one dependency loaded at run time.
    expect(report.latencyMs?.count).toBeGreaterThan(0);
    const triage = spawnSync(bin, ['triage', '--no-color', 'access.log'], { cwd: elsewhere, encoding: 'utf8' });
    expect(triage.status).toBe(0);
    expect(triage.stdout).toContain('logcodes triage');
  });

  it('runs without an install through npx, from the tarball', () => {
    const run = spawnSync('npx', ['--offline', '--yes', '--package', tarball, '--', 'logcodes', '--version'], {
      cwd: elsewhere,
      env: offline,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });
});
