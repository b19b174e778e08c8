import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTable } from '../../src/report/table.js';
import { loadReport } from './fixtures.js';

// The top paths, hosts, clients and upstreams are counted over 4xx and 5xx responses only.
describe('the top offenders heading says what was counted', () => {
  const report = loadReport('incident');

  it('in the table, Markdown and HTML', () => {
    expect(renderTable(report, { color: false, width: 80, view: 'report' })).toContain('── Top offenders (4xx and 5xx) ─');
    expect(renderMarkdown(report, { view: 'report' })).toContain('\n## Top offenders (4xx and 5xx)\n');
    expect(renderHtml(report, { view: 'report' })).toContain('Top offenders (4xx and 5xx)</h2>');
  });
});
