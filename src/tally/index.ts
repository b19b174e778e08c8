export { Tally, type TallyOptions } from './tally.js';
export { TopK } from './top-k.js';
export { pathShape } from './path-shape.js';
export { copyString } from './copy-string.js';
export { timelineWidth } from './timeline.js';
export type {
  TallySummary,
  CodeTotal,
  MinuteBucket,
  MinuteCount,
  LatencyPile,
  ErrorCodeSummary,
  UpstreamFailureSummary,
} from './summary.js';
