import { builtinFormats, findFormat } from '../formats/builtin.js';
import { compileApacheLogFormat } from '../formats/logformat/apache.js';
import { compileNginxLogFormat } from '../formats/logformat/nginx.js';
import type { FormatDefinition } from '../formats/parser.js';
import type { FormatChoice } from '../pipeline/source-processor.js';
import { UsageError } from '../model/errors.js';

/** --format and --log-format into the set of formats a run may use. */
export function resolveFormatChoice(formatName: string | undefined, logFormat: string | undefined): FormatChoice {
  if (logFormat !== undefined) return { candidates: builtinFormats, forced: compileCustom(logFormat, formatName) };
  if (formatName === undefined || formatName === 'auto') return { candidates: builtinFormats };
  const format = findFormat(formatName);
  if (!format) {
    throw new UsageError(`unknown format '${formatName}'; known formats: ${builtinFormats.map((f) => f.name).join(', ')}`);
  }
  return { candidates: builtinFormats, forced: format };
}

/** nginx formats name variables with '$', Apache's directives start with '%'. --format nginx|apache settles doubt. */
function compileCustom(text: string, family: string | undefined): FormatDefinition {
  const looksNginx = /\$[a-z_]/i.test(text);
  const looksApache = /%[<>!,0-9{]*[a-zA-Z%]/.test(text);
  const wanted = family?.startsWith('apache') ? 'apache' : family?.startsWith('nginx') ? 'nginx' : looksNginx ? 'nginx' : looksApache ? 'apache' : undefined;
  if (!wanted) {
    throw new UsageError("--log-format has neither nginx $variables nor Apache %directives; paste the log_format or LogFormat line from the server config");
  }
  try {
    return wanted === 'nginx' ? compileNginxLogFormat(text, 'nginx-custom') : compileApacheLogFormat(text, 'apache-custom');
  } catch (err) {
    throw new UsageError(`--log-format: ${err instanceof Error ? err.message : String(err)}`);
  }
}
