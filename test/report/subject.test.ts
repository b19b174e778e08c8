import { describe, expect, it } from 'vitest';
import { reportSubject, sourceTitle } from '../../src/report/subject.js';

const of = (...names: string[]) => reportSubject({ sources: names.map((name) => ({ name, lines: 1 })) });

describe('reportSubject', () => {
  it('names the sources by their base names', () => {
    expect(of('fixtures/incident/nginx-incident.log')).toBe('nginx-incident.log');
    expect(of('/var/log/nginx/access.log.1', '/var/log/nginx/access.log.2.gz')).toBe('access.log.1, access.log.2.gz');
    expect(of('stdin')).toBe('stdin');
    expect(of()).toBe('');
  });

  it("keeps a merged summary's labels, slashes in them included", () => {
    expect(of('/var/log/nginx/access.log (host=web1)', '/var/log/nginx/access.log (host=web2)')).toBe('access.log (host=web1), access.log (host=web2)');
    expect(sourceTitle('/srv/a/access.log (path=/srv/b, host=web1)')).toBe('access.log (path=/srv/b, host=web1)');
  });

  it('counts what it does not name, and names a repeated base name once', () => {
    expect(of('a.log', 'b.log', 'c.log')).toBe('a.log, b.log, c.log');
    expect(of('a.log', 'b.log', 'c.log', 'd.log', 'e.log')).toBe('a.log, b.log and 3 more');
    expect(of('/x/access.log', '/y/access.log')).toBe('access.log');
  });
});
