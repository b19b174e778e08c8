/**
 * Whether a `report` run is live, and how it shows progress. Every run asks
 * this; only live runs load live.ts with the follower, live window and
 * terminal code, so the decision lives apart from them.
 */

import { fstatSync } from 'node:fs';

export type LiveInput = { kind: 'stdin' } | { kind: 'file'; path: string } | { kind: 'follow'; path: string; fromStart?: boolean };

/** The final report's form (-o). */
export type LiveOutput = 'table' | 'json' | 'markdown' | 'html' | 'csv' | 'prom' | 'summary';

/** view: redraw the live view in place; ndjson/text: one snapshot line per interval; none: only the final report. */
export type LiveDisplay = 'view' | 'ndjson' | 'text' | 'none';

/**
 * What live output suits the streams: the in-place view needs a terminal on
 * stdout (and a table, since the final report follows on the same screen);
 * on a pipe, snapshots only when --interval asked for them.
 */
export function chooseLiveDisplay(options: { stdoutIsTTY: boolean; output: LiveOutput; intervalGiven: boolean }): LiveDisplay {
  if (options.stdoutIsTTY && options.output === 'table') return 'view';
  if (!options.intervalGiven) return 'none';
  return options.output === 'json' ? 'ndjson' : 'text';
}

export interface LivePlanInput {
  /** Positional arguments as given (none means stdin). */
  files: readonly string[];
  /** --follow paths. */
  follow?: readonly string[];
  fromStart?: boolean;
  intervalGiven: boolean;
  output: LiveOutput;
  stdoutIsTTY: boolean;
  /** Whether stdin is a pipe or socket, i.e. may never end (see stdinIsStream()). */
  stdinIsStream: boolean;
}

export interface LivePlan {
  inputs: LiveInput[];
  display: LiveDisplay;
}

/**
 * Whether a `report` run is live, and on what. --follow always is (plus any
 * files named beside it, read once). Otherwise only standard input can be
 * never-ending, and only a pipe or socket: that is live too, with display
 * 'none' when there is nothing to show meanwhile, so Ctrl-C still ends it with
 * the final report. Everything else (named files, a file on stdin) is batch.
 */
export function planLive(input: LivePlanInput): LivePlan | undefined {
  const display = chooseLiveDisplay(input);
  if (input.follow && input.follow.length > 0) {
    const inputs: LiveInput[] = input.files.map((file) => (file === '-' ? { kind: 'stdin' } : { kind: 'file', path: file }));
    for (const path of input.follow) inputs.push({ kind: 'follow', path, fromStart: input.fromStart });
    return { inputs: dedupeStdin(inputs), display };
  }
  // A pipe is live even with nothing to show meanwhile: Ctrl-C must still end it with the report.
  const onlyStdin = input.files.every((file) => file === '-');
  if (!onlyStdin || !input.stdinIsStream) return undefined;
  return { inputs: [{ kind: 'stdin' }], display };
}

function dedupeStdin(inputs: LiveInput[]): LiveInput[] {
  const first = inputs.findIndex((input) => input.kind === 'stdin');
  return inputs.filter((input, i) => input.kind !== 'stdin' || i === first);
}

/** Standard input is a pipe or a socket (`tail -f log | logcodes`), not a file or a terminal. */
export function stdinIsStream(): boolean {
  try {
    const info = fstatSync(0);
    return info.isFIFO() || info.isSocket();
  } catch {
    return false;
  }
}
