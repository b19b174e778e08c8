import type { LiveDisplay } from '../pipeline/live-plan.js';
import type { LiveObserver, LiveState } from '../pipeline/live.js';
import { snapshotLine, textLine } from '../report/live-lines.js';
import { liveViewState, renderLiveView } from '../report/live-view.js';
import type { Report } from '../model/report.js';
import { reportInZone, type DisplayZone } from '../report/time-zone.js';
import { LiveScreen, frameRoom, type TerminalOutput } from '../report/terminal.js';

/**
 * Share of the time the full Report may take to rebuild, however large the
 * tally grows (it keeps counts per minute of log, so on a multi-day run
 * summarize() costs tens to hundreds of ms). The view shows fresh window figures
 * every frame and can wait for findings; a snapshot's totals are worth more.
 */
const VIEW_REPORT_BUDGET = 0.05;
const SNAPSHOT_REPORT_BUDGET = 0.25;
/** How long a notice stays on the view once lines flow again. */
const NOTICE_MS = 5000;

/**
 * The observer that shows a live run as planned: composes the pipeline's state with a renderer.
 * The view shows its times in `zone` (--tz) when given; NDJSON snapshots keep the report's UTC.
 */
export function liveObserver(display: LiveDisplay, out: TerminalOutput, color: boolean, zone?: DisplayZone): LiveObserver | undefined {
  switch (display) {
    case 'view':
      return new LiveViewObserver(out, color, zone);
    case 'ndjson':
      return {
        start: () => undefined,
        update: (state) => {
          const totals = state.report(SNAPSHOT_REPORT_BUDGET);
          const now = Date.now();
          out.write(snapshotLine(state.window.takeInterval(now), totals, state.reportBuiltAt(), now));
        },
        stop: () => undefined,
      };
    case 'text':
      return {
        start: () => undefined,
        update: (state) => out.write(`${textLine(state.window.takeInterval(Date.now()), state.window.total)}\n`),
        stop: () => undefined,
      };
    case 'none':
      return undefined;
  }
}

function totalLines(state: LiveState): number {
  return state.inputs().reduce((sum, input) => sum + input.lines, 0);
}

/** The live view, redrawn in place on a terminal; notices show on it instead of on stderr. */
class LiveViewObserver implements LiveObserver {
  private readonly screen: LiveScreen;
  // A notice stays on the view while nothing arrives (waiting for a file), and
  // fades a few seconds after lines flow again (a rotation that went fine).
  private shownNotice: { text: string; at: number; linesAt: number } | undefined;
  /** The last report shown and its copy in the zone: a report is rebuilt less often than frames are drawn. */
  private zoned: { report: Report; inZone: Report } | undefined;

  constructor(
    out: TerminalOutput,
    private readonly color: boolean,
    private readonly zone: DisplayZone | undefined,
  ) {
    this.screen = new LiveScreen(out);
  }

  start(state: LiveState, redraw: () => void): void {
    this.screen.whenResized(redraw);
    this.screen.start();
    this.update(state);
  }

  update(state: LiveState): void {
    const now = Date.now();
    const view = liveViewState(
      state.window.snapshot(now, 10),
      this.inZone(state.report(VIEW_REPORT_BUDGET)),
      state.inputs(),
      this.currentNotice(now, state),
    );
    this.screen.draw(renderLiveView(view, frameRoom(this.screen.size), this.color));
  }

  private inZone(report: Report): Report {
    if (this.zone === undefined) return report;
    if (this.zoned?.report !== report) this.zoned = { report, inZone: reportInZone(report, this.zone) };
    return this.zoned.inZone;
  }

  notice(message: string, state: LiveState): void {
    this.shownNotice = { text: message, at: Date.now(), linesAt: totalLines(state) };
  }

  stop(how: 'finished' | 'abandoned'): void {
    // Finished: the final report takes the last frame's place. Abandoned: the frame stays.
    this.screen.stop({ erase: how === 'finished' });
  }

  private currentNotice(now: number, state: LiveState): string | undefined {
    const notice = this.shownNotice;
    if (notice && now - notice.at > NOTICE_MS && totalLines(state) > notice.linesAt) this.shownNotice = undefined;
    return this.shownNotice?.text;
  }
}
