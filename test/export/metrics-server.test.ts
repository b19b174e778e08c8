import { describe, expect, it } from 'vitest';
import { parseMetricsAddress, wantsOpenMetrics } from '../../src/export/metrics-server.js';

describe('parseMetricsAddress', () => {
  it('binds loopback unless a host is named', () => {
    expect(parseMetricsAddress('9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseMetricsAddress('0.0.0.0:9464')).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(parseMetricsAddress('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
    expect(parseMetricsAddress('metrics.internal:80')).toEqual({ host: 'metrics.internal', port: 80 });
  });

  it('refuses what is not [HOST:]PORT', () => {
    for (const bad of ['', 'http://x:1', '65536', '::1:9464', 'host:', ':9464', '12ab']) expect(() => parseMetricsAddress(bad)).toThrow(/is not \[HOST:\]PORT/);
  });
});

describe('wantsOpenMetrics', () => {
  it("follows the scraper's preference", () => {
    // What Prometheus 2.x sends.
    expect(wantsOpenMetrics('application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1')).toBe(true);
    expect(wantsOpenMetrics('text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.5')).toBe(false);
    expect(wantsOpenMetrics(undefined)).toBe(false);
    expect(wantsOpenMetrics('*/*')).toBe(false);
    expect(wantsOpenMetrics('application/openmetrics-text;q=0')).toBe(false);
  });
});
