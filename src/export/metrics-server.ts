/**
 * The `--metrics` endpoint: GET /metrics answers with the run's counters, in OpenMetrics when
 * the scraper asks for it (Prometheus sends `Accept: application/openmetrics-text;…` first),
 * in the Prometheus text format otherwise. Anything else is a 404.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { FleetCounts } from './fleet-counts.js';
import { fleetRegistry, OPENMETRICS_TEXT, PROMETHEUS_TEXT, type ExpositionType } from './metrics.js';

export interface MetricsAddress {
  host: string;
  port: number;
}

const DEFAULT_HOST = '127.0.0.1';

/**
 * `[HOST:]PORT` as --metrics takes it: `9464`, `0.0.0.0:9464`, `[::1]:9464`. Only loopback unless
 * a host is named: the counters say what a site's traffic is doing, which is not for everyone.
 */
export function parseMetricsAddress(text: string): MetricsAddress {
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]]+):)?(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[2]) : Number.NaN;
  if (!match || !(port >= 0 && port <= 65535)) {
    throw new Error(`--metrics '${text}' is not [HOST:]PORT (e.g. 9464, 127.0.0.1:9464, 0.0.0.0:9464 or [::1]:9464)`);
  }
  const host = match[1] === undefined ? DEFAULT_HOST : match[1].replace(/^\[|\]$/g, '');
  return { host, port };
}

/** Whether an Accept header asks for OpenMetrics before (or instead of) the text format. */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  let best: { type: ExpositionType; q: number } | undefined;
  for (const part of accept.split(',')) {
    const [media, ...params] = part.trim().split(';').map((piece) => piece.trim());
    const qParam = params.find((param) => param.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    const type = media === 'application/openmetrics-text' ? OPENMETRICS_TEXT : media === 'text/plain' || media === '*/*' ? PROMETHEUS_TEXT : undefined;
    if (type === undefined || !(q > 0)) continue;
    if (best === undefined || q > best.q) best = { type, q };
  }
  return best?.type === OPENMETRICS_TEXT;
}

export interface MetricsServer {
  /** The address bound, with the port chosen when 0 was asked for. */
  address: MetricsAddress;
  close(): Promise<void>;
}

/** Starts serving; rejects with a one-line message when the address cannot be bound. */
export async function startMetricsServer(address: MetricsAddress, counts: FleetCounts): Promise<MetricsServer> {
  // One registry per format: prom-client renames counters for OpenMetrics in the registry's metrics.
  const registries: Record<'text' | 'openmetrics', Registry<ExpositionType>> = {
    text: fleetRegistry(counts, PROMETHEUS_TEXT),
    openmetrics: fleetRegistry(counts, OPENMETRICS_TEXT),
  };
  const server = createServer((request, response) => {
    void answer(request, response, registries);
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException): void => {
      reject(new Error(`--metrics ${address.host}:${address.port}: ${bindProblem(err)}`));
    };
    server.once('error', failed);
    server.listen(address.port, address.host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return { address: { host: address.host, port: bound.port }, close: () => closeServer(server) };
}

async function answer(request: IncomingMessage, response: ServerResponse, registries: Record<'text' | 'openmetrics', Registry<ExpositionType>>): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('logcodes serves /metrics only\n');
    return;
  }
  const registry = wantsOpenMetrics(request.headers.accept) ? registries.openmetrics : registries.text;
  try {
    const body = await registry.metrics();
    response.writeHead(200, { 'content-type': registry.contentType });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch (err) {
    response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${err instanceof Error ? err.message : String(err)}\n`);
  }
}

function bindProblem(err: NodeJS.ErrnoException): string {
  if (err.code === 'EADDRINUSE') return 'the port is in use';
  if (err.code === 'EACCES') return 'permission denied (ports below 1024 need privileges)';
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') return 'no such address on this machine';
  return err.message;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // A scraper keeps its connection open between scrapes: close() must not wait for it.
    server.closeAllConnections();
  });
}
