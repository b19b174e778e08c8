import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { runLogcodes } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'logcodes-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('logcodes -o csv', () => {
  it('DuckDB reads the codes table back as the JSON report gives it', async () => {
    const args = ['fixtures/incident/nginx-incident.log', 'fixtures/real/nginx-combined.log', '--status', '4xx,5xx'];
    const csv = await runLogcodes(['report', '-o', 'csv', ...args]);
    expect(csv.code).toBe(0);
    const json = JSON.parse((await runLogcodes(['report', '-o', 'json', ...args])).stdout) as Report;
    const path = join(dir, 'codes.csv');
    writeFileSync(path, csv.stdout);
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      const reader = await db.runAndReadAll(
        `SELECT code, count, share, class, vendor, meaning FROM read_csv('${path}', header = true, quote = '"', escape = '"') ORDER BY count DESC, code`,
      );
      const rows = reader.getRowObjectsJS().map((row) => ({
        code: Number(row.code),
        count: Number(row.count),
        share: Number(row.share),
        class: row.class,
        vendor: row.vendor,
        meaning: row.meaning,
      }));
      expect(rows.length).toBeGreaterThan(10);
      expect(rows).toEqual(json.codes.map(({ code, count, share, class: cls, vendor, meaning }) => ({ code, count, share, class: cls, vendor, meaning })));
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });
});
