/**
 * A job run every `intervalMs` until stopped, one run at a time (a tick that finds the previous run
 * still going is skipped); a failed run is reported and the next one goes ahead.
 */
export function runEvery(intervalMs: number, work: () => Promise<unknown>, onError: (error: unknown) => void): { stop: () => Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= work()
      .then(() => undefined, onError)
      .finally(() => (running = undefined));
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
