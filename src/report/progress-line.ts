import { formatBytes, formatCount, formatDuration } from './format-values.js';

/** Where a batch run has got, for the progress line. */
export interface ProgressState {
  /** The source being read. */
  name: string;
  /** Bytes read from every source so far, before gunzip. */
  bytesRead: number;
  /** Bytes of all the sources together, when every one has a known size. */
  totalBytes?: number;
  lines: number;
  elapsedMs: number;
}

/**
 * `logcodes: 120 MiB of 480 MiB (25%) · 1,203,000 lines/s · ETA 42s · access.log.1`. The ETA
 * assumes the bytes still to read go at the rate so far; without a known size there is none.
 */
export function progressLine(state: ProgressState, width: number): string {
  const seconds = state.elapsedMs / 1000;
  const parts = [
    state.totalBytes !== undefined && state.totalBytes > 0
      ? `${formatBytes(state.bytesRead)} of ${formatBytes(state.totalBytes)} (${Math.min(100, Math.floor((state.bytesRead / state.totalBytes) * 100))}%)`
      : `${formatBytes(state.bytesRead)} read`,
  ];
  if (seconds > 0) parts.push(`${formatCount(Math.round(state.lines / seconds))} lines/s`);
  if (state.totalBytes !== undefined && state.bytesRead > 0 && seconds > 0) {
    const remaining = Math.max(0, state.totalBytes - state.bytesRead) / (state.bytesRead / seconds);
    parts.push(`ETA ${formatDuration(Math.ceil(remaining))}`);
  }
  parts.push(state.name);
  const line = `logcodes: ${parts.join(' · ')}`;
  return line.length > width - 1 ? line.slice(0, Math.max(0, width - 2)) + '…' : line;
}
