/**
 * Runs `task(item, index)` over `items` with at most `limit` in flight; the
 * first failure stops new tasks from starting and is thrown once the running
 * ones settle.
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length && !failed; i = next++) {
      try {
        await task(items[i]!, i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, lane));
  const rejected = lanes.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}
