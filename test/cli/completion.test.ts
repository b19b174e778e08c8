import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runLogcodes } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-completion-'));
const scripts: Record<string, string> = {};

beforeAll(async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const run = await runLogcodes(['completion', shell]);
    expect(run.code).toBe(0);
    scripts[shell] = join(dir, `logcodes.${shell}`);
    writeFileSync(scripts[shell], run.stdout);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What bash offers for the words typed so far (the last one being completed), through the generated function. */
function bashComplete(words: string[]): string[] {
  const line = ['logcodes', ...words];
  const script = `source ${JSON.stringify(scripts.bash)}
COMP_WORDS=(${line.map((word) => `'${word}'`).join(' ')})
COMP_CWORD=${line.length - 1}
_logcodes
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync('bash', ['--norc', '-c', script], { cwd: repoRoot, encoding: 'utf8' });
  return out.split('\n').filter((word) => word !== '');
}

/** The long options a command's --help lists, read from the help text rather than the program. */
async function helpOptions(command: string[]): Promise<string[]> {
  const help = await runLogcodes([...command, '--help']);
  return [...new Set([...help.stdout.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!))].sort();
}

describe('logcodes completion bash', () => {
  it('offers every command, and files, at the first word', () => {
    const offered = bashComplete(['']);
    for (const command of ['report', 'triage', 'formats', 'explain', 'records', 'rules', 'completion']) expect(offered).toContain(command);
    expect(offered).toContain('fixtures');
    expect(bashComplete(['tri'])).toEqual(['triage']);
  });

  it.each([['report'], ['triage'], ['merge'], ['records'], ['explain'], ['rules']])('offers every option %s --help lists', async (command) => {
    const offered = bashComplete([command, '--']).sort();
    expect(offered).toEqual(await helpOptions([command]));
  });

  it("offers the default command's options before any command, and --version", async () => {
    const offered = bashComplete(['--']);
    for (const option of await helpOptions(['report'])) expect(offered).toContain(option);
    expect(offered).toContain('--version');
  });

  it('completes the values it knows: choices, format names, vendors, shells, files', () => {
    expect(bashComplete(['report', '-o', 'c'])).toEqual(['csv']);
    expect(bashComplete(['--color', ''])).toEqual(['auto', 'always', 'never']);
    expect(bashComplete(['--format', 'nginx-j'])).toEqual(['nginx-json']);
    expect(bashComplete(['explain', '--vendor', 'cloud'])).toEqual(['cloudflare']);
    expect(bashComplete(['completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(bashComplete(['--follow', 'fixtures/inc'])).toEqual(['fixtures/incident']);
    expect(bashComplete(['--since', ''])).toEqual([]);
  });

  it("finds the command after options and their values, and completes that command's options", () => {
    expect(bashComplete(['--since', '02:10', 'tri'])).toEqual(['triage']);
    expect(bashComplete(['records', '--stat'])).toEqual(['--status']);
    expect(bashComplete(['rules', '--w'])).toEqual(['--window']);
  });
});

describe('logcodes completion zsh and fish', () => {
  it('zsh reads the script and registers it for logcodes', () => {
    const run = spawnSync('zsh', ['-f', '-c', `autoload -U compinit && compinit -u -d ${JSON.stringify(join(dir, 'zcompdump'))} && source ${JSON.stringify(scripts.zsh)} && print -r -- $_comps[logcodes]`], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('_logcodes');
  });

  it('fish offers commands, options and values', () => {
    const complete = (line: string): string[] =>
      execFileSync('fish', ['--no-config', '-c', `source ${JSON.stringify(scripts.fish)}; complete -C ${JSON.stringify(line)}`], { encoding: 'utf8' })
        .split('\n')
        .filter((entry) => entry !== '')
        .map((entry) => entry.split('\t')[0]!);
    expect(complete('logcodes rep')).toEqual(['report']);
    expect(complete('logcodes triage --stat')).toEqual(['--status']);
    expect(complete('logcodes -o cs')).toEqual(['csv']);
    expect(complete('logcodes completion ').sort()).toEqual(['bash', 'fish', 'zsh']);
  });
});
