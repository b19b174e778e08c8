import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline/analyze.js';
import { builtinFormats } from '../../src/formats/builtin.js';
import type { IgnoredCodeCounts } from '../../src/model/ignored.js';

const corpus = fileURLToPath(new URL('../../fixtures/corpus/', import.meta.url));

/**
 * What each corpus file is (each folder's SOURCES.md says where it came from;
 * handwritten-* files were written for the tests), detected among ALL formats at once. Files marked broken are deliberately odd; they must still be
 * fully accounted for, but need not parse. `ignored`, where given, is every ignored line by reason.
 */
const expected: Record<string, { format: string | undefined; broken?: string; ignored?: IgnoredCodeCounts }> = {
  'alb/dynatrace-aws-s3-log-forwarder-test_attribute_extraction-nlb.log': { format: 'aws-alb', ignored: { 'nlb-tls': 1 } },
  'alb/handwritten-classic-elb-tcp-without-agent-and-tls-fields.log': { format: 'aws-elb-classic', ignored: { 'elb-tcp-listener': 1 } },
  'alb/logstash-patterns-core-aws_spec-classic-elb.log': { format: 'aws-elb-classic' },
  'alb/opentelemetry-collector-contrib-awslogsencoding-nlb_al_valid_logs.log': { format: 'aws-alb', ignored: { 'nlb-tls': 1 } },
  'alb/toshihirock-node-elb-log-parser-test-tcp-ssl.log': { format: 'aws-elb-classic', ignored: { 'elb-ssl-listener': 2, 'elb-tcp-listener': 1 } },
  'alb/toshihirock-node-elb-log-parser-test.log': { format: 'aws-elb-classic', ignored: { 'elb-ssl-listener': 2, 'elb-tcp-listener': 1 } },
  'alb/vectordotdev-vrl-parse_aws_alb_log-tests.log': { format: 'aws-alb' },
  'apache/elastic-beats-filebeat-apache-access-darwin-2.4.23.log': { format: 'apache-common' },
  'apache/elastic-beats-filebeat-apache-access-ssl-request.log': { format: 'apache-ssl-request', broken: 'ssl_request_log has no status' },
  'apache/elastic-beats-filebeat-apache-access-test.log': { format: 'apache-combined' },
  'apache/elastic-examples-apache_logs-semicomplete-2015.log': { format: 'apache-combined' },
  'apache/lnav-logfile_access_log.0.log': { format: 'apache-combined' },
  'apache/lnav-logfile_access_log.1-bad-request-dash.log': { format: 'apache-combined' },
  'apache/lnav-logfile_bad_access_log.0-missing-ident-fields.log': { format: 'apache-combined' },
  'apache/lnav-logfile_regexp_access_log.0-vhost-port-D.log': { format: 'apache-vhost-combined' },
  'apache/logstash-patterns-core-httpd_spec-access-lines.log': { format: 'apache-combined', broken: "one status is '-'" },
  'apache/nielsbasjes-logparser-hackers-access-combined.log': { format: 'apache-combined' },
  'apache/nielsbasjes-logparser-test-edgecases.log': { format: 'apache-common' },
  'caddy/lnav-logfile_caddy_log.0-docker-compose-prefixed.log': { format: 'caddy-json' },
  'caddy/lnav-logfile_caddy_log.1.ndjson': { format: 'caddy-json' },
  'cloudflare/handwritten-52x.ndjson': { format: 'cloudflare-json' },
  'cloudflare/handwritten-logpush-with-header.csv': { format: 'cloudflare-csv' },
  'cloudflare/lnav-logfile_cloudflare.1-unixnano.ndjson': { format: 'cloudflare-json' },
  'cloudflare/lnav-logfile_cloudflare.json.ndjson': { format: 'cloudflare-json' },
  'cloudfront/awsdocs-cloudfront-developer-guide-AccessLogs-example.log': { format: 'aws-cloudfront' },
  'cloudfront/crowdsecurity-hub-aws-cloudfront-logs.log': { format: 'aws-cloudfront' },
  'cloudfront/logstash-patterns-core-aws_spec-cloudfront.log': { format: 'aws-cloudfront' },
  'envoy/envoyproxy-envoy-docs-access-log-usage-default-format.log': { format: 'envoy' },
  'envoy/handwritten-response-flags.log': { format: 'envoy', broken: 'one record has response code 0 (DC): no status' },
  'envoy/istio-istio.io-docs-access-log-istio-format.log': { format: 'envoy' },
  'envoy/projectcontour-contour-docs-common-proxy-errors.log': { format: 'envoy' },
  'gcp/handwritten-backend-failures.ndjson': { format: 'gcp-lb-json' },
  'gcp/otel-contrib-googlecloudlogentry-cloud-run-request.ndjson': { format: 'gcp-lb-json' },
  'gcp/otel-contrib-googlecloudlogentry-loadbalancer.ndjson': { format: 'gcp-lb-json' },
  'haproxy/debian-haproxy-2.6-httplog-clf.log': { format: 'haproxy-http-clf' },
  'haproxy/debian-haproxy-2.6-httplog-raw.log': { format: 'haproxy-http' },
  'haproxy/debian-haproxy-2.6-httplog-rfc3164.log': { format: 'haproxy-http' },
  'haproxy/elastic-beats-filebeat-haproxy-log-haproxy.log': { format: 'haproxy-http' },
  'haproxy/elastic-beats-filebeat-haproxy-log-httplog-no-headers.log': { format: 'haproxy-http' },
  'haproxy/logstash-patterns-core-haproxy_spec-lines.log': { format: 'haproxy-http', broken: 'one line is a TCP-mode log line, no HTTP status' },
  'iis/brianary-scripts-ex010320-iis-native-format.log': { format: 'iis-native' },
  'iis/brianary-scripts-ex031118-w3c-minimal-fields.log': { format: 'iis-w3c', broken: 'its #Fields: has no sc-status' },
  'iis/brianary-scripts-ex960101-w3c-webtrends.log': { format: 'iis-w3c' },
  'iis/elastic-beats-filebeat-iis-access-test-iis-7.2.log': { format: 'iis-w3c' },
  'iis/elastic-beats-filebeat-iis-access-test-x-forward-for-extended.log': { format: 'iis-w3c' },
  'iis/elastic-beats-filebeat-iis-access-test-x-forward-for.log': { format: 'iis-w3c' },
  'iis/handwritten-substatus-500-503.log': { format: 'iis-w3c' },
  'iis/lnav-logfile_w3c.0.log': { format: 'iis-w3c' },
  'iis/lnav-logfile_w3c.1.log': { format: 'iis-w3c' },
  'iis/lnav-logfile_w3c.2.log': { format: 'iis-w3c', broken: 'FTP service log, no HTTP statuses' },
  'iis/lnav-logfile_w3c.3.log': { format: 'iis-w3c' },
  'iis/lnav-logfile_w3c.4.log': { format: 'iis-w3c', broken: 'one record has no status: the server closed the connection' },
  'iis/lnav-logfile_w3c.5.log': { format: 'iis-w3c' },
  'iis/lnav-logfile_w3c.6.log': { format: 'iis-w3c' },
  'iis/lnav-logfile_w3c_big.0-iis85-multiheader.log': { format: 'iis-w3c' },
  'mixed/lnav-logfile_syslog_with_access_log.0.log': { format: undefined, broken: 'syslog lines, not access lines' },
  'nginx/elastic-beats-filebeat-nginx-access-access.log': { format: 'nginx-combined' },
  'nginx/elastic-beats-filebeat-nginx-access-test-with-host.log': { format: 'nginx-combined' },
  'nginx/elastic-beats-filebeat-nginx-access-test.log': { format: 'nginx-combined' },
  'nginx/elastic-beats-filebeat-nginx-ingress_controller-test.log': { format: 'nginx-upstreaminfo' },
  'nginx/lnav-logfile_shop_access_log.0-zanbil-combined-xff.log': { format: 'nginx-main' },
  'nginx/nielsbasjes-logparser-test-nginx-lines.log': { format: 'nginx-main', broken: 'one line is not a log line' },
  'nginx/vectordotdev-vrl-parse_nginx_log-tests.log': { format: 'nginx-combined' },
  'traefik/crowdsecurity-hub-traefik_base-http-scenario.ndjson': { format: 'traefik-json' },
  'traefik/crowdsecurity-hub-traefik_clf.log': { format: 'traefik-clf', broken: "one record's status is '-'" },
  'traefik/crowdsecurity-hub-traefik_json.ndjson': { format: 'traefik-json', broken: "one line is a plugin's debug message" },
  'traefik/elastic-beats-filebeat-traefik-access-test.log': { format: 'traefik-clf' },
};

const files = readdirSync(corpus, { recursive: true, encoding: 'utf8' })
  .filter((file) => !file.endsWith('.md') && file.includes('/'))
  .sort();

describe('auto-detection over the whole corpus, among every format', () => {
  it('knows what every corpus file is', () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  for (const file of files) {
    const { format, broken, ignored } = expected[file]!;
    it(`${file}: ${format ?? 'no format'}${broken ? ` (${broken})` : ''}`, async () => {
      const result = await analyze([{ kind: 'file', path: corpus + file }], { formats: { candidates: builtinFormats } });
      const { lines, ignoredCodes } = result.tally.summarize();
      const total = result.sources[0]!.lines;
      expect(total).toBeGreaterThan(0);
      expect(lines.parsed + lines.malformed + lines.ignored).toBe(total);
      // Every ignored line is counted under a reason.
      expect(Object.values(ignoredCodes).reduce((sum, count) => sum + count, 0)).toBe(lines.ignored);
      if (ignored !== undefined) expect(ignoredCodes).toEqual(ignored);
      expect(result.sources[0]!.format).toBe(format);
      expect(result.problems).toEqual(format === undefined ? [expect.objectContaining({ code: 'unknown-format' })] : []);
      // A file of connection records only (an ELB TCP listener's, an NLB's) has no record to parse.
      if (!broken && total > lines.ignored) {
        expect(lines.parsed / (total - lines.ignored)).toBeGreaterThanOrEqual(0.99);
      }
    });
  }
});
