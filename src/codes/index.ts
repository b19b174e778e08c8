export type { CodeMeaning } from './types.js';
export { classOf, classLabel, STATUS_CLASSES } from './classes.js';
export {
  allMeanings,
  meaningsOf,
  meaningFor,
  vendorOfLog,
  describeStatus,
} from './registry.js';
export type { StatusDescription } from './registry.js';
export { vendorName, vendorNamed, vendors } from './vendor-names.js';
export { parseCodeQuery, meaningsForQuery, meaningsForAll } from './select.js';
export type { CodeQuery } from './select.js';
