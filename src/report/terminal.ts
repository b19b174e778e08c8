import { writeSync } from 'node:fs';

/**
 * Redrawing a block of lines in place on a terminal, for the live view.
 *
 * The frame is drawn where the cursor was, not on the alternate screen, so
 * whatever is printed after the live view (the final report) stays in the
 * terminal and its scrollback after exit. Each frame is one string written
 * with one write(): line, clear to end of line, newline; then clear below, so
 * a shorter frame leaves nothing behind and nothing flickers.
 */

const CSI = '\u001b[';
export const HIDE_CURSOR = `${CSI}?25l`;
export const SHOW_CURSOR = `${CSI}?25h`;
export const CLEAR_TO_LINE_END = `${CSI}K`;
export const CLEAR_TO_SCREEN_END = `${CSI}J`;
export const CURSOR_HOME = `${CSI}H`;

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** What a frame on the live screen is written to: process.stdout, or a stand-in in tests. */
export interface TerminalOutput {
  write(text: string): unknown;
  columns?: number;
  rows?: number;
  fd?: number;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

const FALLBACK_SIZE: TerminalSize = { columns: 80, rows: 24 };

export function terminalSize(output: Pick<TerminalOutput, 'columns' | 'rows'>): TerminalSize {
  const columns = output.columns && output.columns > 0 ? output.columns : FALLBACK_SIZE.columns;
  const rows = output.rows && output.rows > 0 ? output.rows : FALLBACK_SIZE.rows;
  return { columns, rows };
}

/**
 * Room a frame may use: one column less than the width, since a character in
 * the last column leaves the cursor in a pending-wrap state where clearing to
 * the end of the line erases that character on some terminals; one row less
 * than the height, since the newline after the last line must not scroll.
 */
export function frameRoom(size: TerminalSize): TerminalSize {
  return { columns: Math.max(1, size.columns - 1), rows: Math.max(1, size.rows - 1) };
}

/** Moves from just below the previous frame (`previousLines` tall) back to its first line. */
function toFrameStart(previousLines: number): string {
  return previousLines > 0 ? `\r${CSI}${previousLines}A` : '\r';
}

/**
 * The bytes that replace the previous frame with `lines`. The cursor ends at
 * the start of the line below the frame.
 */
export function frameUpdate(lines: readonly string[], previousLines: number, fromHome = false): string {
  let out = fromHome ? `${CURSOR_HOME}${CLEAR_TO_SCREEN_END}` : toFrameStart(previousLines);
  for (const line of lines) out += `${line}${CLEAR_TO_LINE_END}\n`;
  return out + CLEAR_TO_SCREEN_END;
}

/** The bytes that erase the frame and leave the cursor where it began. */
export function frameErase(previousLines: number): string {
  return `${toFrameStart(previousLines)}${CLEAR_TO_SCREEN_END}`;
}

export class LiveScreen {
  private frameLines = 0;
  private active = false;
  private resized = false;
  private readonly resizeListeners: (() => void)[] = [];
  private readonly onResize = (): void => {
    // After a resize the terminal may have re-wrapped the old frame, so its
    // height in rows is unknown: the next frame starts from the top instead.
    this.resized = true;
    for (const listener of this.resizeListeners) listener();
  };
  // Whatever ends the process (an exception, process.exit), the cursor must come back.
  private readonly onExit = (): void => {
    if (!this.active) return;
    const text = SHOW_CURSOR;
    if (this.output.fd !== undefined) {
      try {
        writeSync(this.output.fd, text);
        return;
      } catch {
        // fall through
      }
    }
    this.output.write(text);
  };

  constructor(private readonly output: TerminalOutput) {}

  get size(): TerminalSize {
    return terminalSize(this.output);
  }

  /** Calls `listener` when the terminal changes size (redraw then). */
  whenResized(listener: () => void): void {
    this.resizeListeners.push(listener);
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.frameLines = 0;
    this.output.on('resize', this.onResize);
    process.on('exit', this.onExit);
    this.output.write(HIDE_CURSOR);
  }

  draw(lines: readonly string[]): void {
    if (!this.active) return;
    const text = frameUpdate(lines, this.frameLines, this.resized);
    this.resized = false;
    this.frameLines = lines.length;
    this.output.write(text);
  }

  /** Restores the terminal; with `erase`, the last frame is removed so what follows takes its place. */
  stop(options: { erase?: boolean } = {}): void {
    if (!this.active) return;
    this.active = false;
    this.output.off('resize', this.onResize);
    process.off('exit', this.onExit);
    const erase = !options.erase ? '' : this.resized ? `${CURSOR_HOME}${CLEAR_TO_SCREEN_END}` : frameErase(this.frameLines);
    this.frameLines = 0;
    this.output.write(`${erase}${SHOW_CURSOR}`);
  }
}
