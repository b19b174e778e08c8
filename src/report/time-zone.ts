import type { Finding, Phrase } from '../model/findings.js';
import type { Report } from '../model/report.js';
import { reportRateUnit } from './format-values.js';
import { wordFindings } from './phrase-text.js';

/**
 * --tz and --local-time: the zone the table, Markdown, HTML and the live view show times in. The
 * report itself keeps UTC (the JSON contract); a copy of it for display has each time rewritten
 * with the zone's offset at that instant, so every time shown carries its offset (`14:03 +02:00`),
 * daylight saving included, and a run that crosses a change shows both offsets. The findings'
 * sentences are worded again from their phrases, whose times are data, so they follow the zone too.
 */
export interface DisplayZone {
  /** As given: `Europe/Paris`, `+05:30`, `UTC`. */
  name: string;
  /** Minutes east of UTC at an instant (epoch ms). */
  offsetAt(ms: number): number;
}

/** A one-line reason a zone cannot be used. */
export class ZoneError extends Error {}

const FIXED = /^([+-])(\d{2}):?(\d{2})$/;

/** `UTC`, `Z`, `+05:30`, `-0800`, or an IANA zone name such as `Europe/Paris`. */
export function parseZone(text: string): DisplayZone {
  const trimmed = text.trim();
  if (/^(utc|z|gmt)$/i.test(trimmed)) return { name: 'UTC', offsetAt: () => 0 };
  const fixed = FIXED.exec(trimmed);
  if (fixed) {
    const hours = Number(fixed[2]);
    const minutes = Number(fixed[3]);
    if (hours > 18 || minutes > 59) throw new ZoneError(`--tz '${text}': an offset runs from -18:00 to +18:00`);
    const offset = (fixed[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
    return { name: trimmed, offsetAt: () => offset };
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone: trimmed, timeZoneName: 'longOffset' });
  } catch {
    throw new ZoneError(`--tz '${text}': not a time zone; use an IANA name (Europe/Paris, America/New_York) or an offset (+05:30)`);
  }
  return { name: format.resolvedOptions().timeZone, offsetAt: (ms) => offsetOfName(format, ms) };
}

/** `GMT+02:00` (or `GMT` for zero) as Intl writes the offset, in minutes. */
function offsetOfName(format: Intl.DateTimeFormat, ms: number): number {
  const name = format.formatToParts(new Date(ms)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** The zone of this machine (TZ, else the system's), for --local-time. */
export function localZone(): DisplayZone {
  return parseZone(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
}

const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** An ISO time in UTC (`...Z`) as the same instant in the zone: `2026-03-02T11:03:09.000+02:00`. */
export function isoInZone(iso: string, zone: DisplayZone): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const offset = zone.offsetAt(ms);
  if (offset === 0) return iso;
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, -1);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Keys whose strings come from the log (paths, hosts, sample lines) or are sentences, never
 * rewritten even if they look like times; `phrases` are sentences whose times are kept apart.
 */
const LOG_TEXT_KEYS = new Set(['value', 'text', 'name', 'reason', 'error', 'meaning', 'headline', 'notes']);

function convert(value: unknown, zone: DisplayZone): unknown {
  if (typeof value === 'string') return UTC_ISO.test(value) ? isoInZone(value, zone) : value;
  if (Array.isArray(value)) return value.map((item) => convert(item, zone));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = key === 'phrases' ? phrasesInZone(item as NonNullable<Finding['phrases']>, zone) : LOG_TEXT_KEYS.has(key) ? item : convert(item, zone);
    }
    return out;
  }
  return value;
}

/** A finding's phrases with their times in the zone; their text, which may quote the log, as it is. */
function phrasesInZone(phrases: NonNullable<Finding['phrases']>, zone: DisplayZone): NonNullable<Finding['phrases']> {
  const inZone = (phrase: Phrase): Phrase =>
    phrase.map((part) => (typeof part === 'string' || part.kind === 'rate' ? part : { ...part, at: isoInZone(part.at, zone) }));
  return { headline: inZone(phrases.headline), notes: phrases.notes.map(inZone) };
}

/** A copy of the report for display with every time in the zone, the findings' sentences included. */
export function reportInZone(report: Report, zone: DisplayZone): Report {
  const copy = convert(report, zone) as Report;
  copy.triage = wordFindings(copy.triage, reportRateUnit(copy));
  return copy;
}
