import { describe, expect, it } from 'vitest';
import { colorChoiceOf, useColor } from '../../src/cli/color-choice.js';
import { runLogcodes } from './run.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };
const SGR = /\u001b\[\d+m/;

describe('useColor', () => {
  it('auto follows NO_COLOR, then FORCE_COLOR, then the terminal', () => {
    expect(useColor('auto', tty, {})).toBe(true);
    expect(useColor('auto', pipe, {})).toBe(false);
    expect(useColor('auto', tty, { TERM: 'dumb' })).toBe(false);
    expect(useColor('auto', tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor('auto', tty, { NO_COLOR: '' })).toBe(true);
    expect(useColor('auto', pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor('auto', tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColor('auto', pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
    expect(useColor(undefined, tty, {})).toBe(true);
  });

  it('always and never win over the environment and the stream', () => {
    expect(useColor('always', pipe, { NO_COLOR: '1' })).toBe(true);
    expect(useColor('never', tty, { FORCE_COLOR: '1' })).toBe(false);
    expect(colorChoiceOf(true)).toBe('always');
    expect(colorChoiceOf(false)).toBe('never');
  });
});

describe('--color on the command line', () => {
  const log = 'fixtures/incident/nginx-incident.log';

  it('--color always colours a pipe, even with NO_COLOR set', async () => {
    const run = await runLogcodes(['report', '--color', 'always', log], { env: { NO_COLOR: '1' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(SGR);
  });

  it('--color never and --no-color win over FORCE_COLOR; auto on a pipe follows FORCE_COLOR', async () => {
    for (const args of [['--color', 'never'], ['--no-color']]) {
      const run = await runLogcodes(['triage', ...args, log], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
      expect(run.code).toBe(0);
      expect(run.stdout).not.toMatch(SGR);
    }
    const forced = await runLogcodes(['report', '--color', 'auto', log], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(SGR);
    const plain = await runLogcodes(['report', '--color', 'auto', log], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
    expect(plain.stdout).not.toMatch(SGR);
  });

  it('an unknown value is a one-line usage error', async () => {
    const run = await runLogcodes(['report', '--color', 'sometimes', log]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('sometimes');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
