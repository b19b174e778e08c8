import { colorEnabled } from '../report/style.js';

/** --color auto|always|never, and --no-color (never). */
export type ColorChoice = 'auto' | 'always' | 'never';

export const COLOR_CHOICES: readonly ColorChoice[] = ['auto', 'always', 'never'];

/** What commander leaves in `options.color`: the --color value, or false for --no-color. */
export type ColorOption = ColorChoice | boolean | undefined;

export function colorChoiceOf(option: ColorOption): ColorChoice {
  if (option === undefined) return 'auto';
  if (option === true) return 'always';
  if (option === false) return 'never';
  return option;
}

/**
 * Whether output on this stream is coloured. The option given on the command line wins; `auto`
 * follows NO_COLOR (set and not empty: never), then FORCE_COLOR (`0` or `false`: never, anything
 * else: always), then whether the stream is a terminal that is not TERM=dumb.
 */
export function useColor(option: ColorOption, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const choice = colorChoiceOf(option);
  if (choice === 'never') return false;
  if (choice === 'always') return true;
  return colorEnabled(stream, false, env);
}
