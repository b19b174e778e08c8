import { open, stat, type FileHandle } from 'node:fs/promises';
import { ScanOutcome, type FormatDefinition } from '../formats/parser.js';
import { detectFormat } from '../formats/detect.js';
import { readSource } from '../ingest/read-source.js';
import type { SourceSpec } from '../ingest/source.js';
import type { FormatChoice } from './source-processor.js';

export interface LogEnd {
  /** Latest record time across the sources, epoch ms. */
  endMs?: number;
  tzOffsetMinutes?: number;
}

const TAIL_BYTES = 256 * 1024;

/**
 * Finds where the input ends in time, so `--since -2h` and `--since 14:05`
 * mean "two hours before the log ends" and "14:05 on its last day". Plain files
 * are read from their tail; gzip needs a pass over the whole stream; stdin
 * cannot be read twice, so the caller falls back to the clock.
 */
export async function findLogEnd(specs: readonly SourceSpec[], choice: FormatChoice): Promise<LogEnd> {
  const end: LogEnd = {};
  for (const spec of specs) {
    if (spec.kind !== 'file') continue;
    const lines = await tailLines(spec.path);
    // A tail can miss what a format needs to read it (IIS #Fields:): then read it all.
    let found = lines ? latestIn(lines, choice) : {};
    if (found.endMs === undefined && lines?.length !== 0) found = await latestByFullPass(spec, choice);
    if (found.endMs !== undefined && (end.endMs === undefined || found.endMs > end.endMs)) {
      end.endMs = found.endMs;
      if (found.tzOffsetMinutes !== undefined) end.tzOffsetMinutes = found.tzOffsetMinutes;
    }
  }
  return end;
}

/** The last lines of a plain file, or undefined for gzip and unreadable files. */
async function tailLines(path: string): Promise<string[] | undefined> {
  let handle: FileHandle | undefined;
  try {
    const info = await stat(path);
    if (!info.isFile()) return [];
    handle = await open(path, 'r');
    const magic = Buffer.alloc(2);
    await handle.read(magic, 0, 2, 0);
    if (magic[0] === 0x1f && magic[1] === 0x8b) return undefined;
    const length = Math.min(TAIL_BYTES, info.size);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, info.size - length);
    const lines = buffer.toString('utf8').split('\n').map((line) => line.replace(/\r$/, ''));
    if (info.size > length) lines.shift(); // first one is cut
    return lines;
  } catch {
    return [];
  } finally {
    await handle?.close();
  }
}

function latestIn(lines: readonly string[], choice: FormatChoice): LogEnd {
  const format = pickFormat(lines, choice);
  if (!format) return {};
  const parser = format.create();
  const end: LogEnd = {};
  for (const line of lines) {
    if (parser.scan(line) !== ScanOutcome.Record || parser.hot.time < 0) continue;
    if (end.endMs === undefined || parser.hot.time >= end.endMs) {
      end.endMs = parser.hot.time;
      end.tzOffsetMinutes = parser.record().tzOffsetMinutes;
    }
  }
  return end;
}

async function latestByFullPass(spec: SourceSpec, choice: FormatChoice): Promise<LogEnd> {
  const sample: string[] = [];
  const end: LogEnd = {};
  let parser: ReturnType<FormatDefinition['create']> | undefined;
  const consider = (line: string): void => {
    if (!parser || parser.scan(line) !== ScanOutcome.Record || parser.hot.time < 0) return;
    if (end.endMs === undefined || parser.hot.time >= end.endMs) {
      end.endMs = parser.hot.time;
      end.tzOffsetMinutes = parser.record().tzOffsetMinutes;
    }
  };
  await readSource(spec, {
    line(text) {
      if (parser) return consider(text);
      sample.push(text);
      if (sample.length < 30) return;
      parser = pickFormat(sample, choice)?.create();
      for (const line of sample.splice(0)) consider(line);
    },
    overlong() {},
  });
  if (!parser && sample.length > 0) {
    parser = pickFormat(sample, choice)?.create();
    for (const line of sample) consider(line);
  }
  return end;
}

function pickFormat(lines: readonly string[], choice: FormatChoice): FormatDefinition | undefined {
  if (choice.forced) return choice.forced;
  return detectFormat(lines.slice(0, 60), choice.candidates)?.format;
}
