/** Where lines come from. */
export type SourceSpec = { kind: 'file'; path: string } | { kind: 'stdin' };

export const STDIN_NAME = 'stdin';

/** The name used in messages and reports: the path as given, or 'stdin'. */
export function sourceName(spec: SourceSpec): string {
  return spec.kind === 'file' ? spec.path : STDIN_NAME;
}

/**
 * Maps command-line arguments to sources: no arguments, or '-', mean stdin. Stdin can only be
 * read once, so a repeated '-' is kept only where it first appears. Paths are kept as given
 * (the shell already expanded globs).
 */
export function expandSources(args: readonly string[]): SourceSpec[] {
  if (args.length === 0) return [{ kind: 'stdin' }];
  const specs: SourceSpec[] = [];
  let stdinSeen = false;
  for (const arg of args) {
    if (arg === '-') {
      if (!stdinSeen) specs.push({ kind: 'stdin' });
      stdinSeen = true;
    } else {
      specs.push({ kind: 'file', path: arg });
    }
  }
  return specs;
}
