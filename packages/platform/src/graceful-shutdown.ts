import type { Logger } from './logger';

interface Step {
  name: string;
  run: () => Promise<void>;
}

/**
 * Runs the shutdown steps in the order they were added (stop intake first, then drain consumers,
 * then close clients), once, with an overall deadline after which the process exits anyway.
 */
export class GracefulShutdown {
  private readonly steps: Step[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly timeoutMs = 15_000,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {}

  add(name: string, run: () => Promise<void>): this {
    this.steps.push({ name, run });
    return this;
  }

  listen(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
    for (const signal of signals) process.once(signal, () => void this.shutdown(signal));
  }

  shutdown(reason: string): Promise<void> {
    this.running ??= this.runSteps(reason);
    return this.running;
  }

  private async runSteps(reason: string): Promise<void> {
    this.logger.info({ reason }, 'shutting down');
    const deadline = setTimeout(() => {
      this.logger.error({ timeoutMs: this.timeoutMs }, 'shutdown took too long; exiting');
      this.exit(1);
    }, this.timeoutMs);
    deadline.unref();
    let failed = false;
    for (const step of this.steps) {
      try {
        await step.run();
      } catch (error) {
        failed = true;
        this.logger.error({ err: error, step: step.name }, 'shutdown step failed');
      }
    }
    clearTimeout(deadline);
    this.logger.info({ failed }, 'shutdown complete');
    this.logger.flush?.();
    this.exit(failed ? 1 : 0);
  }
}
