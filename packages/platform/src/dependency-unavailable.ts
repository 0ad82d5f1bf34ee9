/**
 * A server the request needs cannot be reached (Redis, MongoDB): not our bug, not the caller's.
 * Adapters throw a subclass; every HTTP service answers it 503 with Retry-After (problemHandler).
 */
export class DependencyUnavailable extends Error {
  constructor(
    readonly dependency: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
