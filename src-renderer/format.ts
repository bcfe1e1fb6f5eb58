/** Numbers and dates the way a creator reads them, in their own locale. */

/**
 * "about 40 s left": an estimate learned from earlier renders is rough, so it is rounded
 * to a step a person would say out loud rather than counted down second by second.
 */
export function formatEta(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return 'almost done';
  const seconds = ms / 1000;
  if (seconds < 10) return 'a few seconds left';
  if (seconds < 60) return `about ${Math.round(seconds / 5) * 5} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  return `about ${Math.round((minutes / 60) * 10) / 10} h left`;
}

/** A stage's or a render's duration: "850 ms", "3.2 s", "1 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** "12 Mar 2026"; an unreadable date is shown as it came. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Quality scores are 0–10 with one decimal, as the spec states its thresholds. */
export const formatScore = (score: number | null | undefined): string => (typeof score === 'number' ? score.toFixed(1) : '—');
