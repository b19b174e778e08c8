import type { Report } from '../model/report.js';
import { formatCount } from './format-values.js';

const KINDS = [
  ['paths', 'paths'],
  ['hosts', 'hosts'],
  ['clients', 'clients'],
  ['upstreams', 'upstreams'],
] as const;

/**
 * The sentence under the top lists when some are estimates, for every renderer alike: what the
 * counts guarantee and by how much they can fall short. Undefined while every list is exact.
 */
export function topEstimateNote(report: Pick<Report, 'topErrorBounds'>): string | undefined {
  const bounds = report.topErrorBounds;
  if (bounds === undefined) return undefined;
  const parts = KINDS.filter(([key]) => (bounds[key] ?? 0) > 0).map(([key, name]) => `${formatCount(bounds[key]!)} for ${name}`);
  if (parts.length === 0) return undefined;
  return `Estimated: more distinct values than logcodes keeps. Each count is a guaranteed lower bound, at most ${parts.join(', ')} below the true count.`;
}
