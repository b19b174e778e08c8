import { describe, expect, it } from 'vitest';
import { closestCommand, editDistance } from '../../src/cli/suggest-command.js';

const commands = ['report', 'triage', 'formats', 'explain', 'records', 'rules', 'help'];

describe('closestCommand', () => {
  it('counts a swap of two neighbours as one edit', () => {
    expect(editDistance('reprot', 'report')).toBe(1);
    expect(editDistance('tirage', 'triage')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('finds the command behind a typo', () => {
    expect(closestCommand('reprot', commands)).toBe('report');
    expect(closestCommand('Triag', commands)).toBe('triage');
    expect(closestCommand('explian', commands)).toBe('explain');
    expect(closestCommand('rule', commands)).toBe('rules');
    expect(closestCommand('recods', commands)).toBe('records');
  });

  it('leaves alone what is far from every command', () => {
    expect(closestCommand('access', commands)).toBeUndefined();
    expect(closestCommand('log', commands)).toBeUndefined();
    expect(closestCommand('x', commands)).toBeUndefined();
    expect(closestCommand('nginx', commands)).toBeUndefined();
  });
});
