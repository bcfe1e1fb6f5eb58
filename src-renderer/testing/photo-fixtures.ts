import { fireEvent } from '@testing-library/react';
import type { ImportedPhoto } from '../../src-shared/ipc/creator-channels.js';

/** Photos as `photos:import` describes them, and ways a test hands the Create screen a file. */

export const PORTRAIT: ImportedPhoto = {
  photoToken: 'draft_portrait',
  width: 800,
  height: 1000,
  faces: [{ box: { x: 0.3, y: 0.2, width: 0.4, height: 0.35 }, confidence: 0.98 }],
  chosenFace: 0,
  quality: { before: 6.4, after: 8.1 },
  preview: { root: 'draftroot', path: 'preview.jpg' },
  enhanced: { root: 'draftroot', path: 'enhanced.jpg' },
};

export const GROUP_PHOTO: ImportedPhoto = {
  ...PORTRAIT,
  photoToken: 'draft_group',
  width: 1600,
  height: 900,
  faces: [
    { box: { x: 0.1, y: 0.2, width: 0.2, height: 0.3 }, confidence: 0.97 },
    { box: { x: 0.4, y: 0.25, width: 0.18, height: 0.28 }, confidence: 0.95 },
    { box: { x: 0.7, y: 0.3, width: 0.15, height: 0.25 }, confidence: 0.9 },
  ],
  preview: { root: 'grouproot', path: 'preview.jpg' },
  enhanced: { root: 'grouproot', path: 'enhanced.jpg' },
};

/** The start of a JPEG and a few bytes: enough for the window, which never looks inside. */
export const JPEG_BYTES = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

export function photoFile(name = 'me.jpg', bytes: Uint8Array<ArrayBuffer> = JPEG_BYTES): File {
  return new File([bytes], name, { type: 'image/jpeg' });
}

/** The Create screen's file input, as the browser's file picker fills it. */
export function chooseFile(file: File): void {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input on the page');
  fireEvent.change(input, { target: { files: [file] } });
}

/** A window event carrying files the way a drop (`dataTransfer`) or a paste (`clipboardData`) does. */
export function windowEvent(type: 'dragenter' | 'dragover' | 'dragleave' | 'drop' | 'paste', files: File[]): Event {
  const event = new Event(type, { bubbles: true, cancelable: true });
  const carrier = { types: ['Files'], files, dropEffect: 'none' };
  Object.defineProperty(event, type === 'paste' ? 'clipboardData' : 'dataTransfer', { value: carrier });
  window.dispatchEvent(event);
  return event;
}
