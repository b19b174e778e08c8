import type { LineParser } from '../formats/parser.js';
import type { LogRecord } from '../formats/record.js';
import { classCountsOf } from '../model/counts.js';
import type { BreakdownKey, BreakdownRow, ReportBreakdown } from '../model/report.js';
import { STATUS_CLASSES, statusClassIndex } from '../model/status.js';
import { pathShape } from './path-shape.js';
import { TopK } from './top-k.js';

export const BREAKDOWN_KEYS: readonly BreakdownKey[] = ['host', 'vhost', 'upstream', 'source', 'path'];

/** Values each sketch holds exactly before it starts estimating. */
const VALUE_CAPACITY = 2000;
/** Codes listed per value. */
const CODES_PER_ROW = 5;

/** The value of a record for --by; undefined when the record has none. */
function fieldValue(by: BreakdownKey, record: LogRecord): string | undefined {
  switch (by) {
    case 'host':
    case 'vhost':
      return record.host;
    case 'path':
      return record.path !== undefined ? pathShape(record.path) : undefined;
    case 'upstream': {
      // The last upstream asked is the one whose answer the client got.
      const addresses = record.upstream ?? [];
      for (let i = addresses.length - 1; i >= 0; i--) if (addresses[i] !== ':' && addresses[i] !== '-') return addresses[i];
      return undefined;
    }
    case 'source':
      return undefined;
  }
}

/**
 * --by: records per value of a field, and per value and status, in bounded memory. One top-k
 * sketch counts the records of each value; one more per status seen counts that status's records
 * per value, so a value's class mix and top codes are read from the sketches and no per-value
 * table grows without bound. Past the sketches' capacity the counts are guaranteed lower bounds.
 */
export class Breakdown {
  private readonly values = new TopK(VALUE_CAPACITY);
  private readonly byStatus = new Map<number, TopK>();
  private missing = 0;

  constructor(readonly by: BreakdownKey) {}

  /** Counts the record the parser scanned last, from `source` when grouping by source. */
  add(parser: LineParser, source: string): void {
    const value = this.by === 'source' ? source : fieldValue(this.by, parser.detail !== undefined ? parser.detail() : parser.record());
    if (value === undefined || value === '' || value === '-') {
      this.missing++;
      return;
    }
    const status = parser.hot.status;
    this.values.add(value);
    let sketch = this.byStatus.get(status);
    if (sketch === undefined) {
      sketch = new TopK(VALUE_CAPACITY);
      this.byStatus.set(status, sketch);
    }
    sketch.add(value);
  }

  summarize(top: number): ReportBreakdown {
    const statuses = [...this.byStatus.entries()];
    const rows = this.values.top(top).map(({ value, count }): BreakdownRow => {
      const classes = new Float64Array(STATUS_CLASSES.length);
      const codes: { code: number; count: number }[] = [];
      for (const [code, sketch] of statuses) {
        const n = sketch.lowerBound(value);
        if (n <= 0) continue;
        classes[statusClassIndex(code)]! += n;
        codes.push({ code, count: n });
      }
      codes.sort((a, b) => b.count - a.count || a.code - b.code);
      return { value, requests: count, classes: classCountsOf(classes), codes: codes.slice(0, CODES_PER_ROW) };
    });
    const approximate = this.values.approximate || statuses.some(([, sketch]) => sketch.approximate);
    return { by: this.by, rows, values: this.values.size, missing: this.missing, approximate };
  }
}
