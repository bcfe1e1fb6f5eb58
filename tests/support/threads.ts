import { readFileSync, readdirSync } from 'node:fs';

/**
 * This process's own threads (Linux): a worker thread counts until it has really ended.
 * libvips' pool is left out: it grows with the photo work sharp is given and keeps its
 * threads for the process's life, whichever thread asked.
 */
export function threadCount(): number {
  let count = 0;
  for (const task of readdirSync('/proc/self/task')) {
    try {
      if (!readFileSync(`/proc/self/task/${task}/comm`, 'utf8').startsWith('libvips')) count++;
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return count;
}

/** Whether the count falls back to `count` within two seconds (an ended worker is joined a moment after terminate). */
export async function threadsBackTo(count: number): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    if (threadCount() <= count) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
