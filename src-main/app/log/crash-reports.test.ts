import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRASH_REPORT_SUBMIT_URL, startCrashReporting, type CrashReporterLike } from './crash-reports.js';
import { createLogger } from './logger.js';
import { logFile } from './log-paths.js';

/** Records what the app asked of Electron's crashReporter, in order. */
function recordingReporter(): CrashReporterLike & { calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  return {
    calls,
    start: (options) => void calls.push(['start', options]),
    setUploadToServer: (upload) => void calls.push(['setUploadToServer', upload]),
  };
}

describe('crash reporting', () => {
  it('keeps minidumps in <data folder>/crashes and uploads nothing by default', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tp-crash-'));
    const reporter = recordingReporter();
    const paths: string[] = [];
    const crash = startCrashReporting({ reporter, setCrashDumpsPath: (folder) => paths.push(folder), appVersion: '1.2.3', dataDir });

    expect(crash.folder).toBe(path.join(dataDir, 'crashes'));
    expect(existsSync(crash.folder)).toBe(true);
    // The folder is set before the reporter starts (Electron reads it at start).
    expect(paths).toEqual([crash.folder]);
    expect(reporter.calls).toEqual([['start', expect.objectContaining({ uploadToServer: false, submitURL: CRASH_REPORT_SUBMIT_URL, productName: 'TalkingPhoto' })]]);
    expect(crash.uploading).toBe(false);
    // Nothing that names the creator travels with a dump.
    expect((reporter.calls[0]![1] as { globalExtra: Record<string, string> }).globalExtra).toEqual({ appVersion: '1.2.3' });
  });

  it('uploads only after the creator opts in, stops when they opt out, and logs each change', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tp-crash-'));
    const reporter = recordingReporter();
    const log = createLogger({ process: 'main', dataDir });
    const crash = startCrashReporting({ reporter, setCrashDumpsPath: () => undefined, appVersion: '1.2.3', dataDir, log });
    crash.setUpload(false);
    crash.setUpload(true);
    crash.setUpload(true);
    crash.setUpload(false);
    expect(reporter.calls.slice(1)).toEqual([
      ['setUploadToServer', true],
      ['setUploadToServer', false],
    ]);
    const messages = readFileSync(logFile(dataDir), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual(['crash reporter started', 'crash reports will be sent (the creator opted in)', 'crash reports stay on this computer']);
  });

  it('starts uploading at once when the creator had already opted in', () => {
    const reporter = recordingReporter();
    startCrashReporting({ reporter, setCrashDumpsPath: () => undefined, appVersion: '1.0.0', dataDir: mkdtempSync(path.join(os.tmpdir(), 'tp-crash-')), upload: true });
    expect(reporter.calls[0]).toEqual(['start', expect.objectContaining({ uploadToServer: true })]);
  });
});
