import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { audioFileOf, photoFileOf } from '../photo-bytes.js';

/**
 * A photo dropped anywhere on the window, or pasted (Ctrl/Cmd+V), becomes the photo.
 * While files are dragged over the window a full-window overlay says where they go.
 * Text pasted into a field is left alone: only a pasted file is taken. With `onRecording`
 * (the creator chose to use their own recording), an audio file dropped goes there instead.
 */
export function WindowPhotoDrop({ onPhoto, onRecording, disabled }: { onPhoto: (file: File) => void; onRecording?: (file: File) => void; disabled: boolean }) {
  const [dragging, setDragging] = useState(false);
  // The window's listeners are added once and read the latest props through these refs. They are
  // updated after each commit, not during render: a render React throws away must not change them.
  const take = useRef(onPhoto);
  const takeAudio = useRef(onRecording);
  const off = useRef(disabled);
  useLayoutEffect(() => {
    take.current = onPhoto;
    takeAudio.current = onRecording;
    off.current = disabled;
  });

  useEffect(() => {
    // dragenter and dragleave fire for every element crossed; the count is zero only outside the window.
    let depth = 0;
    const carriesFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;
    const enter = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      depth += 1;
      setDragging(true);
    };
    const leave = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      // Without this the browser opens the dropped file in place of the app.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = off.current ? 'none' : 'copy';
    };
    const drop = (event: DragEvent): void => {
      depth = 0;
      setDragging(false);
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (off.current) return;
      const audio = takeAudio.current ? audioFileOf(event.dataTransfer?.files) : null;
      if (audio && takeAudio.current) return takeAudio.current(audio);
      const file = photoFileOf(event.dataTransfer?.files);
      if (file) take.current(file);
    };
    const paste = (event: ClipboardEvent): void => {
      const file = photoFileOf(event.clipboardData?.files);
      if (!file || off.current) return;
      event.preventDefault();
      take.current(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    window.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
      window.removeEventListener('paste', paste);
    };
  }, []);

  if (!dragging) return null;
  return (
    // Only for pointer users mid-drag; the drop zone's button says the same to everyone.
    <div className="drop-overlay" aria-hidden="true">
      <p>{disabled ? 'Wait for this photo to finish' : onRecording ? 'Drop the photo or your recording to use it' : 'Drop the photo to use it'}</p>
    </div>
  );
}
