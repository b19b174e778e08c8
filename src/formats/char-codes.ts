/** Character codes the scanners compare against; imports nothing, so the bundler inlines them: docs/performance.md#inlined-constants. */
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
