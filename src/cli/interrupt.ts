/**
 * Ctrl-C during a batch run. Without a handler Node dies at once with 130 and nothing on the screen;
 * minutes into a large log, the counts so far are worth having. The first SIGINT or SIGTERM stops the
 * reading (the report of what was read follows); a second one exits at once, as live mode does.
 */
export interface BatchInterrupt {
  readonly signal: AbortSignal;
  /** The signal that stopped the run, if one did. */
  readonly received: () => NodeJS.Signals | undefined;
  dispose(): void;
}

export function catchInterrupts(): BatchInterrupt {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (name: NodeJS.Signals): void => {
    if (received !== undefined) process.exit(name === 'SIGTERM' ? 143 : 130);
    received = name;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    received: () => received,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
