import { z } from 'zod';

/**
 * The main window comes back where the creator left it: size, position and maximised
 * state, kept with electron-store (main.ts passes the store, the window and the
 * displays in, so this runs and is tested in plain Node). A window saved on a monitor
 * that is gone, or dragged mostly off screen, comes back whole on a display.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Electron's Display, the part we use: the screen minus taskbar, dock and menu bar. */
export interface DisplayArea {
  workArea: Rect;
}

const RectSchema = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive() });
export const SavedWindowSchema = z.object({ bounds: RectSchema, maximized: z.boolean() });
export type SavedWindow = z.output<typeof SavedWindowSchema>;

/** The one key electron-store keeps the window under. */
export const WINDOW_STATE_KEY = 'mainWindow';

export interface WindowStateStore {
  get(key: typeof WINDOW_STATE_KEY): unknown;
  set(key: typeof WINDOW_STATE_KEY, value: SavedWindow): void;
}

/** The window main.ts opened with before it was remembered, and its minimum (the layout needs it). */
export const DEFAULT_WINDOW = { width: 1280, height: 800 } as const;
export const MIN_WINDOW = { width: 720, height: 560 } as const;
/**
 * How much of a saved window must lie on a display for it to stay there: enough of its top
 * to grab and drag (a title bar is about 30 px high; 120 px of width holds the grip).
 */
const GRAB_WIDTH = 120;
const GRAB_HEIGHT = 30;
/** Saving on every pixel of a drag would write the file dozens of times a second. */
export const SAVE_DELAY_MS = 500;

export interface RestoredWindow {
  /** x and y absent: let Electron centre it on the primary display. */
  bounds: { width: number; height: number; x?: number; y?: number };
  maximized: boolean;
}

function overlap(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

const clamp = (value: number, low: number, high: number): number => Math.min(Math.max(value, low), Math.max(low, high));

/** The window's size made to fit the work area, never under the minimum the layout needs. */
function fitSize(size: { width: number; height: number }, area: Rect): { width: number; height: number } {
  return {
    width: clamp(size.width, Math.min(MIN_WINDOW.width, area.width), area.width),
    height: clamp(size.height, Math.min(MIN_WINDOW.height, area.height), area.height),
  };
}

/** Where the window opens: as saved when its top can still be grabbed on some display, otherwise centred on the primary one. */
export function restoreWindow(saved: unknown, displays: readonly DisplayArea[], primary: DisplayArea): RestoredWindow {
  const parsed = SavedWindowSchema.safeParse(saved);
  if (!parsed.success) return { bounds: fitSize(DEFAULT_WINDOW, primary.workArea), maximized: false };
  const { bounds, maximized } = parsed.data;
  const grip: Rect = { x: bounds.x, y: bounds.y, width: Math.min(bounds.width, GRAB_WIDTH * 3), height: GRAB_HEIGHT };
  const holder = displays
    .map((display) => ({ display, shown: overlap(grip, display.workArea) }))
    .filter((entry) => entry.shown && entry.shown.width >= Math.min(GRAB_WIDTH, bounds.width) && entry.shown.height >= GRAB_HEIGHT)
    .sort((a, b) => b.shown!.width * b.shown!.height - a.shown!.width * a.shown!.height)[0]?.display;
  if (!holder) {
    const area = primary.workArea;
    const size = fitSize(bounds, area);
    return { bounds: { ...size, x: area.x + Math.round((area.width - size.width) / 2), y: area.y + Math.round((area.height - size.height) / 2) }, maximized };
  }
  // On a display: shrunk to fit it and pulled fully inside it (a resolution may have dropped since).
  const area = holder.workArea;
  const size = fitSize(bounds, area);
  return {
    bounds: { ...size, x: clamp(bounds.x, area.x, area.x + area.width - size.width), y: clamp(bounds.y, area.y, area.y + area.height - size.height) },
    maximized,
  };
}

/** The BrowserWindow calls the tracker needs. */
export interface TrackedWindow {
  /** The bounds the window has when not maximised, minimised or full screen. */
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  on(event: 'move' | 'resize' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
}

interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Saves the window's state shortly after each move or resize, at once on (un)maximise, and on close. */
export function trackWindowState(window: TrackedWindow, store: WindowStateStore, timers: Timers = { setTimeout, clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) }): void {
  let pending: unknown = null;
  const save = (): void => {
    if (pending !== null) timers.clearTimeout(pending);
    pending = null;
    const bounds = window.getNormalBounds();
    store.set(WINDOW_STATE_KEY, { bounds: { x: Math.round(bounds.x), y: Math.round(bounds.y), width: Math.round(bounds.width), height: Math.round(bounds.height) }, maximized: window.isMaximized() });
  };
  const saveSoon = (): void => {
    if (pending !== null) timers.clearTimeout(pending);
    pending = timers.setTimeout(save, SAVE_DELAY_MS);
  };
  window.on('move', saveSoon);
  window.on('resize', saveSoon);
  window.on('maximize', save);
  window.on('unmaximize', save);
  // 'close' rather than 'closed': the window still answers for its bounds.
  window.on('close', save);
}
