import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/fixtures.js';
import { restoreWindow, SAVE_DELAY_MS, trackWindowState, WINDOW_STATE_KEY, type DisplayArea, type Rect, type TrackedWindow, type WindowStateStore } from './window-state.js';

/**
 * The window's remembered place, with the store a JSON file as electron-store keeps it
 * (electron-store itself imports electron) and a window and displays that behave as
 * Electron's do for these calls.
 */

let work: ReturnType<typeof tempDir> | undefined;
afterEach(() => {
  work?.cleanup();
  work = undefined;
});

/** electron-store's file, one JSON object in the data folder, read back on each get as a new start would. */
function fileStore(): WindowStateStore & { file: string } {
  work = tempDir('tp-window-');
  const file = path.join(work.dir, 'window-state.json');
  const read = (): Record<string, unknown> => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  return {
    file,
    get: (key) => read()[key],
    set: (key, value) => writeFileSync(file, JSON.stringify({ ...read(), [key]: value })),
  };
}

const laptop: DisplayArea = { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const monitorRight: DisplayArea = { workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };

class FakeWindow implements TrackedWindow {
  private readonly listeners = new Map<string, Array<() => void>>();
  maximized = false;
  constructor(public bounds: Rect) {}
  getNormalBounds(): Rect {
    return this.bounds;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  on(event: string, listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
}

/** Timers the test moves by hand. */
function manualTimers() {
  let now = 0;
  const due = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  return {
    setTimeout: (run: () => void, ms: number) => {
      due.set(next, { at: now + ms, run });
      return next++;
    },
    clearTimeout: (handle: unknown) => void due.delete(handle as number),
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...due]) {
        if (timer.at <= now) {
          due.delete(id);
          timer.run();
        }
      }
    },
  };
}

describe('the window comes back where it was left', () => {
  it('opens at the default size, centred, on a first start or with a damaged file', () => {
    expect(restoreWindow(undefined, [laptop], laptop)).toEqual({ bounds: { width: 1280, height: 800 }, maximized: false });
    expect(restoreWindow({ bounds: { x: 'left' }, maximized: 'yes' }, [laptop], laptop)).toEqual({ bounds: { width: 1280, height: 800 }, maximized: false });
    // A small screen: the default shrinks to fit it.
    const small: DisplayArea = { workArea: { x: 0, y: 0, width: 1024, height: 700 } };
    expect(restoreWindow(undefined, [small], small).bounds).toEqual({ width: 1024, height: 700 });
  });

  it('restores size, position and the maximised state saved by moving, resizing and closing', () => {
    const store = fileStore();
    const timers = manualTimers();
    const window = new FakeWindow({ x: 100, y: 60, width: 1280, height: 800 });
    trackWindowState(window, store, timers);

    window.bounds = { x: 1600, y: 120, width: 1500, height: 1000 };
    window.emit('move');
    window.emit('resize');
    // Debounced: nothing written mid-drag.
    timers.advance(SAVE_DELAY_MS - 1);
    expect(store.get(WINDOW_STATE_KEY)).toBeUndefined();
    timers.advance(1);
    expect(store.get(WINDOW_STATE_KEY)).toEqual({ bounds: { x: 1600, y: 120, width: 1500, height: 1000 }, maximized: false });

    // Maximised: the normal bounds are kept for un-maximising next time.
    window.maximized = true;
    window.emit('maximize');
    expect(store.get(WINDOW_STATE_KEY)).toEqual({ bounds: { x: 1600, y: 120, width: 1500, height: 1000 }, maximized: true });

    window.maximized = false;
    window.bounds = { x: 1700.4, y: 200, width: 1400, height: 900 };
    window.emit('unmaximize');
    window.bounds = { x: 1800, y: 220, width: 1400, height: 900 };
    window.emit('move');
    // Closing before the delay still saves the last place.
    window.emit('close');
    const saved = JSON.parse(readFileSync(store.file, 'utf8')) as Record<string, unknown>;
    expect(saved[WINDOW_STATE_KEY]).toEqual({ bounds: { x: 1800, y: 220, width: 1400, height: 900 }, maximized: false });

    // The next start, with both displays connected.
    expect(restoreWindow(store.get(WINDOW_STATE_KEY), [laptop, monitorRight], laptop)).toEqual({ bounds: { x: 1800, y: 220, width: 1400, height: 900 }, maximized: false });
  });

  it('brings a window saved on a monitor that is gone back onto the screen there is, still maximised if it was', () => {
    const onMonitor = { bounds: { x: 2000, y: 100, width: 1800, height: 1200 }, maximized: true };
    const restored = restoreWindow(onMonitor, [laptop], laptop);
    expect(restored.maximized).toBe(true);
    // Shrunk to the laptop's work area and placed inside it.
    expect(restored.bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
    const modest = restoreWindow({ bounds: { x: 2000, y: 100, width: 1000, height: 700 }, maximized: false }, [laptop], laptop);
    expect(modest.bounds).toEqual({ x: 220, y: 113, width: 1000, height: 700 });
  });

  it('pulls a window dragged mostly off screen back inside its display, and shrinks one larger than the display now is', () => {
    // Its title bar is on the laptop but most of it hangs off the right edge.
    expect(restoreWindow({ bounds: { x: 1200, y: 400, width: 1000, height: 700 }, maximized: false }, [laptop], laptop).bounds).toEqual({ x: 440, y: 200, width: 1000, height: 700 });
    // Only its bottom edge is visible above the top of the screen: its top cannot be grabbed.
    expect(restoreWindow({ bounds: { x: 100, y: -680, width: 1000, height: 700 }, maximized: false }, [laptop], laptop).bounds).toEqual({ x: 220, y: 113, width: 1000, height: 700 });
    // The resolution dropped since it was saved.
    const smaller: DisplayArea = { workArea: { x: 0, y: 0, width: 1280, height: 720 } };
    expect(restoreWindow({ bounds: { x: 0, y: 0, width: 1440, height: 900 }, maximized: false }, [smaller], smaller).bounds).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
  });

  it('never opens smaller than the layout needs, even from a tiny saved size', () => {
    expect(restoreWindow({ bounds: { x: 10, y: 40, width: 200, height: 100 }, maximized: false }, [laptop], laptop).bounds).toEqual({ x: 10, y: 40, width: 720, height: 560 });
  });
});
