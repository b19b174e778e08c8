import type { Report } from '../model/report.js';

/** Sources a title names before it counts the rest. */
const NAMED_SOURCES = 2;

/**
 * A source as a title names it: the folders dropped, so rotated files and hosts tell apart at a
 * glance. A merged summary's source keeps the labels its name carries (`access.log (host=web1)`);
 * only slashes before them belong to the path.
 */
export function sourceTitle(name: string): string {
  const labels = name.indexOf(' (');
  const path = labels < 0 ? name : name.slice(0, labels);
  return name.slice(path.lastIndexOf('/') + 1);
}

/**
 * What a report is of, for its title: `nginx-incident.log`, `access.log (host=web1), access.log
 * (host=web2)`, `access.log.1, access.log.2.gz and 5 more`; '' when it names no source.
 */
export function reportSubject(report: Pick<Report, 'sources'>): string {
  const names = [...new Set(report.sources.map((source) => sourceTitle(source.name)))];
  if (names.length <= NAMED_SOURCES + 1) return names.join(', ');
  return `${names.slice(0, NAMED_SOURCES).join(', ')} and ${names.length - NAMED_SOURCES} more`;
}
