/** Compilers for user-supplied format strings (nginx log_format, Apache LogFormat). */
export { compileNginxLogFormat, LogFormatSyntaxError, parseNginxFormatBody } from './nginx.js';
export { compileApacheLogFormat, parseApacheFormatBody } from './apache.js';
export type { CompiledFormat, FieldKind, FormatPiece, FormatVariable } from './engine.js';
