/**
 * The options each command's parser hands to its runner. Declared apart from both, so the
 * commands (commander wiring) and the runners (what the commands do) import these and not
 * each other.
 */

import type { FilterOptions } from '../pipeline/record-filter.js';
import type { ColorOption } from './color-choice.js';
import type { BreakdownKey } from '../model/report.js';

export type OutputKind = 'table' | 'json' | 'markdown' | 'html' | 'csv' | 'prom' | 'summary';

export interface ReportCommandOptions extends FilterOptions {
  format?: string;
  logFormat?: string;
  output?: OutputKind;
  json?: boolean;
  since?: string;
  until?: string;
  /** Undefined when not given: each view keeps its own list lengths. */
  top?: number;
  /** --raw-paths: paths as logged instead of their shapes. */
  rawPaths?: boolean;
  interval?: number;
  failOn?: string[];
  /** --color auto|always|never; false for --no-color. */
  color?: ColorOption;
  follow?: string[];
  fromStart?: boolean;
  maxLineBytes: number;
  /** --no-progress: false. */
  progress?: boolean;
  /** --tz: the zone shown times are in (table, Markdown, HTML). */
  tz?: string;
  /** --local-time: this machine's zone. */
  localTime?: boolean;
  /** --by host|vhost|upstream|source|path. */
  by?: BreakdownKey;
  /** --metrics [HOST:]PORT on a live run. */
  metrics?: string;
  /** --label KEY=VALUE for -o summary (repeatable). */
  label?: string[];
  /** --baseline FILE: a summary or JSON report to compare with. */
  baseline?: string;
  /** --compact: with -o markdown, the short form for a chat message. */
  compact?: boolean;
}

/** `merge SUMMARY...`: the report options that apply to summaries already tallied. */
export type MergeCommandOptions = Pick<ReportCommandOptions, 'json' | 'top' | 'failOn' | 'color' | 'label' | 'baseline' | 'compact'> & {
  output?: Exclude<OutputKind, 'prom'>;
};

export interface RecordsCommandOptions extends FilterOptions {
  format?: string;
  logFormat?: string;
  since?: string;
  until?: string;
  maxLineBytes: number;
}

export interface RulesCommandOptions {
  failOn: string[];
  window: string;
  for: string;
  vendor?: string;
}

export interface ExplainOptions {
  vendor?: string;
  all?: boolean;
  json?: boolean;
  output?: string;
}
