/** The shape of a signal's advice table (src/triage/signals.ts), apart so the tables can live in modules of their own. */

export interface SignalAdvice {
  /** A few words for the headline when the value stands behind most of the status's records. */
  headline: string;
  /** What the value means, one sentence. */
  note: string;
  retry?: string;
  lookFirst?: string;
}

export interface SignalTable {
  /**
   * The keys to look a logged value up by, most telling first: the value itself by default; a
   * format whose values combine parts (a termination state, a list of flags) names the parts.
   */
  keysOf?(value: string): readonly string[];
  advice: Readonly<Record<string, SignalAdvice>>;
}
