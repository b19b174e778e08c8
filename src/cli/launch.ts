/**
 * Starts the installed command: the CLI bundled into one CommonJS file
 * (dist/bundle/logcodes.cjs, made by scripts/build.mjs) and compiled with the
 * V8 code cache that the build saved beside it: docs/performance.md#start-up.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script, constants as vmConstants } from 'node:vm';

/** The bundle's exports (src/cli/main.ts). */
interface CliModule {
  main(argv: string[]): Promise<void>;
}

export interface LoadedCli extends CliModule {
  /** Whether V8 used the saved code cache. */
  readonly cacheUsed: boolean;
  /** The code cache as it stands now: the bytecode of every function compiled so far. */
  codeCache(): Buffer;
}

export const BUNDLE_PATH = fileURLToPath(new URL('../bundle/logcodes.cjs', import.meta.url));
export const CODE_CACHE_PATH = `${BUNDLE_PATH}.cache`;

type ModuleWrapper = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

function readCache(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    // No cache (a build that could not make one): compile from the source.
    return undefined;
  }
}

/** Compiles and runs the bundle as Node would a CommonJS module, with the code cache unless told not to. */
export function loadCli(options: { useCache?: boolean } = {}): LoadedCli {
  const source = readFileSync(BUNDLE_PATH, 'utf8');
  const cachedData = options.useCache === false ? undefined : readCache(CODE_CACHE_PATH);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: BUNDLE_PATH,
    cachedData,
    // import() in the bundle (of a Node built-in, say) resolves as it would in a module of the
    // main program; without this it throws. The constant is there from Node 20.12 on.
    ...(vmConstants?.USE_MAIN_CONTEXT_DEFAULT_LOADER !== undefined
      ? { importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER }
      : {}),
  });
  const module = { exports: {} as CliModule };
  const wrapper = script.runInThisContext() as ModuleWrapper;
  wrapper.call(module.exports, module.exports, createRequire(BUNDLE_PATH), module, BUNDLE_PATH, dirname(BUNDLE_PATH));
  return {
    main: module.exports.main,
    cacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    codeCache: () => script.createCachedData(),
  };
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  // The callback of an empty write runs once everything written before it has been handed to the
  // system (or the stream has failed, which leaves nothing to wait for).
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/** Runs the command, then exits as soon as its output is out: docs/performance.md#exit. */
export async function runCommand(argv: string[]): Promise<void> {
  await loadCli().main(argv);
  await flushed(process.stdout);
  await flushed(process.stderr);
  process.exit();
}

/** Saves the code cache of a loaded CLI where loadCli() looks for it. */
export function saveCodeCache(cli: LoadedCli): void {
  writeFileSync(CODE_CACHE_PATH, cli.codeCache());
}
