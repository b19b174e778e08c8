export { triage, type TriageOptions } from './triage.js';
export { parseFailRule, evaluateFailRules, type FailRule } from './rules.js';
export { findEpisodes, type EpisodeOptions, type EpisodeAnalysis, type DetectedEpisode } from './episodes.js';
