/**
 * `work`'s result, or `fallback` once `timeoutMs` passed or `work` failed. For observable
 * instruments read on every collection: a slow or failing dependency must not stall /metrics.
 */
export async function within<T>(work: () => Promise<T>, timeoutMs: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), timeoutMs);
  });
  try {
    return await Promise.race([work().catch(() => fallback), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
