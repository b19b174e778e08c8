import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinFormats } from '../../src/formats/builtin.js';
import { analyze } from '../../src/pipeline/analyze.js';

const iis = fileURLToPath(new URL('../../fixtures/corpus/iis/', import.meta.url));

describe('analyze: the sources it describes', () => {
  it('names the IIS field layout inferred for a headerless source, and none for a source with #Fields:', async () => {
    const headerless = `${iis}elastic-beats-filebeat-iis-access-test-x-forward-for-extended.log`;
    const headed = `${iis}lnav-logfile_w3c_big.0-iis85-multiheader.log`;
    const result = await analyze(
      [
        { kind: 'file', path: headerless },
        { kind: 'file', path: headed },
      ],
      { formats: { candidates: builtinFormats } },
    );
    const [first, second] = result.sources;
    expect(first).toMatchObject({ name: headerless, format: 'iis-w3c' });
    expect(first!.inferredLayouts).toEqual([
      {
        format: 'iis-w3c',
        fields: [
          'date', 'time', 's-sitename', 's-computername', 's-ip', 'cs-method', 'cs-uri-stem', 'cs-uri-query', 's-port', 'cs-username',
          'c-ip', 'cs-version', 'cs(User-Agent)', 'cs(Cookie)', 'cs(Referer)', 'cs-host', 'sc-status', 'sc-substatus', 'sc-win32-status',
          'sc-bytes', 'cs-bytes', 'time-taken', 'X-Forwarded-For',
        ],
        // Every record of the file: it has no directive at all.
        records: first!.lines,
      },
    ]);
    expect(second).toMatchObject({ name: headed, format: 'iis-w3c' });
    expect(second!.inferredLayouts).toBeUndefined();
    expect(result.problems).toEqual([]);
  });
});
