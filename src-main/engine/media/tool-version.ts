/**
 * Reading what `ffmpeg -version` / `ffprobe -version` say about themselves. Release builds
 * print `ffmpeg version 5.1.9-0+deb12u1 …`; git snapshots print `N-47683-g0e8eb07980`
 * and only their copyright year tells their age.
 */

export interface ToolVersion {
  /** The word after "version", e.g. `6.1.1-static`. */
  text?: string;
  /** Release major version; absent for git snapshots. */
  major?: number;
  /** Last year of the copyright line, e.g. 2018. */
  year?: number;
}

/** ffmpeg 5.0 was released in January 2022: a snapshot built from 2022 on is at least as new. */
const FIRST_CURRENT_MAJOR = 5;
const FIRST_CURRENT_YEAR = 2022;

export function readToolVersion(firstLine: string | undefined): ToolVersion {
  if (!firstLine) return {};
  const text = /\bversion\s+(\S+)/.exec(firstLine)?.[1];
  const major = text ? /^n?(\d+)\.\d+/.exec(text)?.[1] : undefined;
  const year = /Copyright \(c\) \d{4}-(\d{4})/.exec(firstLine)?.[1];
  return {
    ...(text ? { text } : {}),
    ...(major ? { major: Number(major) } : {}),
    ...(year ? { year: Number(year) } : {}),
  };
}

/** True for ffmpeg 5 or later (a release by its number, a snapshot by its year). */
export function isCurrentFfmpeg(version: ToolVersion): boolean {
  if (version.major !== undefined) return version.major >= FIRST_CURRENT_MAJOR;
  return version.year !== undefined && version.year >= FIRST_CURRENT_YEAR;
}
