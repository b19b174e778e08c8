export { type SourceSpec, sourceName, expandSources } from './source.js';
export { type LineSink, LineSplitter, DEFAULT_MAX_LINE_BYTES } from './line-splitter.js';
export { type SourceOutcome, type ReadOptions, readSource } from './read-source.js';
