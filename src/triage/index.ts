export { triage, type TriageOptions } from './triage.js';
export { findOnset, type OnsetOptions, type OnsetResult } from './onset.js';
export { parseFailRule, evaluateFailRules, type FailRule } from './rules.js';
