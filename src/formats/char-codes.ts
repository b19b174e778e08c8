/**
 * Character codes the hand-written scanners compare against.
 *
 * This module imports nothing, on purpose: the bundler replaces an imported
 * constant by its value only when the module that declares it has no imports
 * (so no import cycle could read it before it is set). Declared in a module
 * that imports, the constants stay variables in the bundle, and the per-line
 * scans load each one instead of comparing with a literal.
 */
export const CH_0 = 48;
export const CH_9 = 57;
export const CH_SPACE = 32;
export const CH_QUOTE = 34;
export const CH_PLUS = 43;
export const CH_COMMA = 44;
export const CH_MINUS = 45;
export const CH_DOT = 46;
export const CH_SLASH = 47;
export const CH_COLON = 58;
export const CH_QUESTION = 63;
export const CH_BACKSLASH = 92;
export const CH_RBRACKET = 93;
