/**
 * Writes an nginx combined log built to stress memory: every client and every
 * path recurs rarely (1,000,000 distinct of each by default), with a fifth of
 * the lines 4xx/5xx so the per-code top lists see them all.
 *
 *   tsx scripts/gen-cardinality-log.ts --lines 5000000 --distinct 1000000 --out bench-data/cardinality-5m.log
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
}

const lines = Number(option('--lines', '5000000'));
const distinct = Number(option('--distinct', '1000000'));
const out = option('--out', 'bench-data/cardinality-5m.log');

/** Letters only, so path shaping keeps every path distinct instead of folding ids into ':id'. */
function word(n: number): string {
  let text = '';
  do {
    text += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  } while (n > 0);
  return text;
}

const statuses = [200, 200, 200, 200, 200, 200, 200, 304, 404, 502];
const start = Date.UTC(2026, 10, 20, 0, 0, 0);

await mkdir(dirname(out), { recursive: true });
const stream = createWriteStream(out);
let batch = '';
for (let i = 0; i < lines; i++) {
  // A multiplier coprime with `distinct` visits every value before repeating one.
  const client = (i * 7919) % distinct;
  const path = (i * 104_729) % distinct;
  const ip = `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`;
  const time = new Date(start + Math.floor((i * 86_400_000) / lines));
  const stamp = `${String(time.getUTCDate()).padStart(2, '0')}/Nov/2026:${time.toISOString().slice(11, 19)} +0000`;
  batch += `${ip} - - [${stamp}] "GET /p/${word(path)} HTTP/1.1" ${statuses[i % statuses.length]} ${100 + (i % 900)} "-" "bench/1.0"\n`;
  if (batch.length > 1 << 20) {
    if (!stream.write(batch)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    batch = '';
  }
}
stream.end(batch);
await new Promise<void>((resolve) => stream.on('finish', () => resolve()));
process.stdout.write(`wrote ${lines} lines (${distinct} distinct clients and paths) to ${out}\n`);
