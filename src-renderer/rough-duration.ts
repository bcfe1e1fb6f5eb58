/** "about 15 s", "about 2 min": a rough figure, rounded the way a person would say it. */
export function formatRoughDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return 'a few seconds';
  if (seconds < 60) return `about ${Math.round(seconds / 5) * 5} s`;
  return `about ${Math.round(seconds / 60)} min`;
}
