/** Metric names, shared by the exposition and the alerting rules (which must not load prom-client). */
export const METRIC_NAMES = {
  responses: 'logcodes_http_responses_total',
  upstream: 'logcodes_upstream_responses_total',
  origin: 'logcodes_origin_responses_total',
  duration: 'logcodes_http_request_duration_seconds',
  lines: 'logcodes_lines_total',
  rotations: 'logcodes_follow_rotations_total',
  lastRecord: 'logcodes_last_record_timestamp_seconds',
} as const;
