/**
 * The Prometheus metrics of a run, written by prom-client from FleetCounts: the Prometheus text
 * format 0.0.4 (node_exporter's textfile collector reads only that) or OpenMetrics 1.0. The
 * metrics only read the counts at collection time, so the per-line work stays in FleetCounts.
 */
import { Counter, Gauge, Histogram, Registry, type OpenMetricsContentType, type PrometheusContentType } from 'prom-client';
import { describeStatus } from '../codes/registry.js';
import { DURATION_BUCKETS, type FleetCounts } from './fleet-counts.js';
import { METRIC_NAMES } from './metric-names.js';
import { IGNORED_CODE_LIST } from '../model/ignored.js';

export type ExpositionType = PrometheusContentType | OpenMetricsContentType;

export const PROMETHEUS_TEXT: PrometheusContentType = Registry.PROMETHEUS_CONTENT_TYPE;
export const OPENMETRICS_TEXT: OpenMetricsContentType = Registry.OPENMETRICS_CONTENT_TYPE;

const HISTOGRAM_HELP = 'Request duration as the log gives it (request or total time), in seconds.';


/**
 * The duration histogram, its buckets read from FleetCounts at collection. prom-client's
 * Histogram keeps its own counts, filled by observe(); here the counts already exist, and one
 * set of them serves both exposition formats. It has no samples until a record carries a
 * duration: a log whose format has none would otherwise say that no request took any time.
 */
class CountedHistogram extends Histogram<never> {
  constructor(private readonly counts: FleetCounts) {
    super({ name: METRIC_NAMES.duration, help: HISTOGRAM_HELP, buckets: [...DURATION_BUCKETS], registers: [] });
  }

  async getForPromString(): Promise<{ name: string; help: string; type: 'histogram'; values: { labels: Record<string, string | number>; value: number; metricName: string }[]; aggregator: 'sum' }> {
    const name = METRIC_NAMES.duration;
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    if (this.counts.durationCount === 0) return { name, help: HISTOGRAM_HELP, type: 'histogram', values, aggregator: 'sum' };
    let cumulative = 0;
    DURATION_BUCKETS.forEach((bound, i) => {
      cumulative += this.counts.durationBuckets[i]!;
      values.push({ labels: { le: bound }, value: cumulative, metricName: `${name}_bucket` });
    });
    values.push({ labels: { le: '+Inf' }, value: this.counts.durationCount, metricName: `${name}_bucket` });
    values.push({ labels: {}, value: this.counts.durationSumSeconds, metricName: `${name}_sum` });
    values.push({ labels: {}, value: this.counts.durationCount, metricName: `${name}_count` });
    return { name, help: HISTOGRAM_HELP, type: 'histogram', values, aggregator: 'sum' };
  }
}

function codeCounter(name: string, help: string, counts: () => ReadonlyMap<number, number>, registry: Registry<ExpositionType>): void {
  new Counter({
    name,
    help,
    labelNames: ['code'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [code, count] of [...counts()].sort((a, b) => a[0] - b[0])) this.inc({ code }, count);
    },
  });
}

/** A registry whose metrics show `counts` as they are when it is collected. */
export function fleetRegistry(counts: FleetCounts, type: ExpositionType = PROMETHEUS_TEXT): Registry<ExpositionType> {
  const registry = new Registry<ExpositionType>();
  registry.setContentType(type);

  new Counter({
    name: METRIC_NAMES.responses,
    help: 'Responses by the status the client received, its class, its meaning for the server that logged it, and the source file.',
    labelNames: ['code', 'class', 'vendor_meaning', 'source'],
    registers: [registry],
    collect() {
      this.reset();
      for (const slot of counts.responseSlots()) {
        const add = (code: number, count: number): void => {
          const status = describeStatus(code, slot.vendor);
          this.inc({ code, class: status.class, vendor_meaning: status.meaning, source: slot.source }, count);
        };
        for (let code = 0; code < slot.codes.length; code++) if (slot.codes[code]! > 0) add(code, slot.codes[code]!);
        for (const [code, count] of slot.otherCodes) add(code, count);
      }
    },
  });
  codeCounter(METRIC_NAMES.upstream, 'Responses from upstreams, one per element of nginx $upstream_status.', () => counts.upstreamCodes, registry);
  codeCounter(METRIC_NAMES.origin, 'Status behind the one the client got: Cloudflare OriginResponseStatus, ALB target_status_code.', () => counts.originCodes, registry);
  registry.registerMetric(new CountedHistogram(counts));
  new Counter({
    name: METRIC_NAMES.lines,
    help: 'Lines read, by outcome: parsed, malformed, or ignored, the ignored ones by reason (blank, directive, elb-tcp-listener, ...).',
    labelNames: ['outcome', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ outcome: 'parsed' }, counts.lines.parsed);
      this.inc({ outcome: 'malformed' }, counts.lines.malformed);
      // Every reason a line can have, from the start: a series that appears only with its first line
      // would miss that line in rate() and increase(). 'reason-unrecorded' comes from old summary files only.
      for (const reason of IGNORED_CODE_LIST) {
        if (reason !== 'reason-unrecorded') this.inc({ outcome: 'ignored', reason }, counts.ignoredCodes.get(reason) ?? 0);
      }
    },
  });
  new Counter({
    name: METRIC_NAMES.rotations,
    help: 'Times a followed file was replaced (rotation by rename) or truncated (copytruncate).',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(counts.rotations);
    },
  });
  registry.registerMetric(new LastRecordGauge(counts));
  return registry;
}

/**
 * The time of the latest record, with no sample until a record with a time was read: prom-client
 * gives a gauge without labels the value 0 from the start, which would date the log to 1970.
 */
class LastRecordGauge extends Gauge<never> {
  constructor(private readonly counts: FleetCounts) {
    super({ name: METRIC_NAMES.lastRecord, help: 'Time of the latest record read, from the log, in seconds since the epoch.', registers: [] });
  }

  override async get(): ReturnType<Gauge<never>['get']> {
    const metric = await super.get();
    if (this.counts.lastRecordMs < 0) return { ...metric, values: [] };
    return { ...metric, values: [{ labels: {}, value: this.counts.lastRecordMs / 1000 }] };
  }
}
