import type { FormatDefinition } from './parser.js';

/** How many non-blank lines detection looks at before deciding. */
export const DETECTION_SAMPLE_LINES = 100;

/** Bonus per matching line for formats of the server a source's path names. */
const HINT_PER_LINE = 1.5;

export interface DetectionResult {
  format: FormatDefinition;
  /** Sum of match() scores over the sample. */
  score: number;
  /** Sample lines that at least one format claimed. */
  claimed: number;
  /** Other formats that scored, best first: fallbacks for lines the winner rejects. */
  runnersUp: FormatDefinition[];
}

/**
 * Picks the format that best explains a source's first lines. A source name
 * that says which server wrote it (".../apache2/...", "nginx") breaks the tie
 * between look-alike formats such as nginx and Apache combined.
 */
export function detectFormat(
  sample: readonly string[],
  formats: readonly FormatDefinition[],
  sourceName = '',
): DetectionResult | undefined {
  const totals = new Array<number>(formats.length).fill(0);
  const matchedLines = new Array<number>(formats.length).fill(0);
  let claimed = 0;
  for (const line of sample) {
    if (line.trim() === '') continue;
    let anyMatch = false;
    for (let i = 0; i < formats.length; i++) {
      const score = formats[i]!.match(line);
      if (score > 0) {
        totals[i]! += score;
        matchedLines[i]!++;
        anyMatch = true;
      }
    }
    if (anyMatch) claimed++;
  }
  if (claimed === 0) return undefined;

  const hint = vendorHint(sourceName);
  if (hint) {
    for (let i = 0; i < formats.length; i++) {
      // Enough to settle look-alike lines (nginx and Apache combined score a
      // point apart), too little to beat a format that fits the lines better.
      if (formats[i]!.vendor === hint) totals[i]! += HINT_PER_LINE * matchedLines[i]!;
    }
  }

  const order = formats.map((_, i) => i).filter((i) => totals[i]! > 0);
  // Stable sort: equal totals keep registry order.
  order.sort((a, b) => totals[b]! - totals[a]!);
  const best = order[0]!;
  return {
    format: formats[best]!,
    score: totals[best]!,
    claimed,
    runnersUp: order.slice(1).map((i) => formats[i]!),
  };
}

function vendorHint(sourceName: string): FormatDefinition['vendor'] | undefined {
  const name = sourceName.toLowerCase();
  if (/(^|[/\\._-])(apache2?|httpd)([/\\._-]|$)/.test(name)) return 'apache';
  if (/(^|[/\\._-])nginx([/\\._-]|$)/.test(name)) return 'nginx';
  return undefined;
}
