/**
 * One normalized record as a line of NDJSON, for columnar stores (DuckDB's read_json_auto,
 * ClickHouse's JSONEachRow). Base units: time as RFC 3339 in UTC, duration in seconds, bytes.
 *
 * Every line has every key, in the same order, with null for a field the log does not carry:
 * a store that infers its schema from the first lines (DuckDB samples them) then sees every
 * column, whichever lines come first.
 */
import type { LogRecord } from '../formats/record.js';
import type { Signal } from '../model/signals.js';

/** The keys of a records line, in order; the README documents them. */
export const RECORD_KEYS = [
  'time',
  'status',
  'method',
  'host',
  'path',
  'query',
  'client',
  'bytes',
  'duration_s',
  'upstream',
  'upstream_status',
  'origin_status',
  'sub_status',
  'win32_status',
  'signals',
  'format',
  'vendor',
  'source',
  'line',
] as const;

/** Characters JSON must escape, and surrogates (a lone one is escaped too). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A JSON string: nearly every field is plain ASCII, which needs only its quotes. */
function quote(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

function text(value: string | undefined): string {
  return value === undefined ? 'null' : quote(value);
}

/**
 * toISOString() of the last time seen: log lines come in time order, many to a second, and
 * formatting the date was the largest cost of a records line.
 */
let lastTimeMs = Number.NaN;
let lastTimeText = 'null';

function isoTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return 'null';
  if (ms !== lastTimeMs) {
    lastTimeMs = ms;
    lastTimeText = `"${new Date(ms).toISOString()}"`;
  }
  return lastTimeText;
}

function num(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? 'null' : String(value);
}

/** Milliseconds to seconds, rounded to the microsecond: 1.001 s read as 1000.9999999999999 ms prints as 1.001. */
export function seconds(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? 'null' : String(Math.round(ms * 1000) / 1e6);
}

/** nginx's ' : ' between upstream groups and '-' are not addresses. */
export function addresses(upstream: readonly string[] | undefined): string {
  if (upstream === undefined) return 'null';
  const kept = upstream.filter((address) => address !== ':' && address !== '-');
  return kept.length === 0 ? 'null' : JSON.stringify(kept);
}

export function statuses(list: readonly (number | null)[] | undefined): string {
  return list === undefined || list.length === 0 ? 'null' : JSON.stringify(list);
}

/**
 * What the format says about why the request failed (ALB error_reason, HAProxy's termination state,
 * ...) as a list of {kind, value}, kind as SignalKind names it, or null: a record carries at most one
 * signal today, and a list leaves room for a format that writes several.
 */
export function signals(signal: Signal | undefined): string {
  return signal === undefined ? 'null' : `[{"kind":${quote(signal.kind)},"value":${quote(signal.value)}}]`;
}

/**
 * The record as one JSON object, without the trailing newline: the definition of a records line.
 * RecordStream (record-stream.ts) writes the same bytes without building the string, and the tests
 * hold the two to each other.
 */
export function recordLine(record: LogRecord, source: string, lineNo: number): string {
  return (
    `{"time":${isoTime(record.time)},"status":${record.status},"method":${text(record.method)},"host":${text(record.host)}` +
    `,"path":${text(record.path)},"query":${text(record.query)},"client":${text(record.client)}` +
    `,"bytes":${num(record.bytes)},"duration_s":${seconds(record.durationMs)}` +
    `,"upstream":${addresses(record.upstream)},"upstream_status":${statuses(record.upstreamStatus)}` +
    `,"origin_status":${num(record.originStatus)},"sub_status":${num(record.subStatus)},"win32_status":${num(record.win32Status)}` +
    `,"signals":${signals(record.signal)}` +
    `,"format":${quote(record.format)},"vendor":${quote(record.vendor)}` +
    `,"source":${quote(source)},"line":${lineNo}}`
  );
}
