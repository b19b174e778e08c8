import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Data flows one way: each folder of src/ may import only from the folders
 * before it in this order. The shared vocabulary (model) comes first and
 * imports nothing. The pipeline comes before the renderers: it emits state,
 * and the CLI composes renderers with it. The exports for other tools (records, metrics,
 * rules) read what the pipeline hands them, beside the renderers.
 */
const LAYERS = ['model', 'codes', 'ingest', 'formats', 'tally', 'triage', 'pipeline', 'report', 'export', 'cli'];

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative module specifiers of static imports, re-exports and dynamic import() calls. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)];
  return specifiers.map((match) => resolve(dirname(file), match[1]!.replace(/\.js$/, '.ts')));
}

function layerOf(file: string): string {
  return relative(src, file).split('/')[0]!;
}

const files = sourceFiles(src);
const edges = files.flatMap((file) => relativeImports(file).map((target) => ({ file, target })));

describe('layering of src/', () => {
  it('finds the imports it judges', () => {
    // Guards the scan itself: a pattern that matched nothing would pass every rule below.
    expect(edges.length).toBeGreaterThan(100);
    expect(edges.some((edge) => layerOf(edge.file) === 'cli' && layerOf(edge.target) === 'report')).toBe(true);
  });

  it('enters every module by its own path: no index.ts barrels', () => {
    expect(files.filter((file) => file.endsWith('/index.ts')).map((file) => relative(src, file))).toEqual([]);
  });

  it('puts every folder in the layer order', () => {
    expect([...new Set(files.map(layerOf))].filter((layer) => !LAYERS.includes(layer))).toEqual([]);
  });

  it('imports only from the same folder or a folder before it', () => {
    const upward = edges
      .filter((edge) => LAYERS.indexOf(layerOf(edge.target)) > LAYERS.indexOf(layerOf(edge.file)))
      .map((edge) => `${relative(src, edge.file)} -> ${relative(src, edge.target)}`);
    expect(upward).toEqual([]);
  });

  it('keeps the shared vocabulary a leaf', () => {
    const outward = edges
      .filter((edge) => layerOf(edge.file) === 'model' && layerOf(edge.target) !== 'model')
      .map((edge) => `${relative(src, edge.file)} -> ${relative(src, edge.target)}`);
    expect(outward).toEqual([]);
    const packages = files.filter((file) => layerOf(file) === 'model').filter((file) => /from\s+'[^.]/.test(readFileSync(file, 'utf8')));
    expect(packages).toEqual([]);
  });

  it('has no import cycles, counting type-only and dynamic imports', () => {
    // A cycle ties modules together even when it is type-only or lazy: neither can be read,
    // tested or moved without the other.
    const targets = new Map<string, string[]>();
    for (const { file, target } of edges) targets.set(file, [...(targets.get(file) ?? []), target]);
    const done = new Set<string>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      const at = path.indexOf(file);
      if (at >= 0) {
        cycles.push([...path.slice(at), file].map((step) => relative(src, step)).join(' -> '));
        return;
      }
      if (done.has(file)) return;
      for (const target of targets.get(file) ?? []) visit(target, [...path, file]);
      done.add(file);
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
