/**
 * Like Promise.all, but the first rejection aborts the siblings and waits for them to
 * settle (no orphan process keeps writing into the staging folder), then rethrows.
 */
export async function allOrAbort<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }, controller: AbortController): Promise<T> {
  try {
    return (await Promise.all(work)) as T;
  } catch (error) {
    controller.abort();
    await Promise.allSettled(work);
    throw error;
  }
}
