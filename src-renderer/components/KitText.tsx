import { useEffect, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { downloadName, type KitFile } from '../kit-manifest.js';
import { useStores } from '../stores/app-stores.js';
import { textKey, type TextState } from '../stores/result-store.js';

/** A kit text file (captions, post text, upload steps, a guide), read once through the result store. */
function useKitText(kitFile: KitFile | null): TextState | null {
  const { result } = useStores();
  const key = kitFile ? textKey(kitFile.file) : null;
  const state = useStore(result, (current) => (key === null ? null : (current.texts[key] ?? null)));
  // Keyed by the file's place, not the object: every answer from main brings fresh objects for the same files.
  const root = kitFile?.file.root ?? null;
  const filePath = kitFile?.file.path ?? null;
  useEffect(() => {
    if (root !== null && filePath !== null) result.getState().readText({ root, path: filePath });
  }, [result, root, filePath]);
  return state;
}

/** A link that saves one of the kit's files, named by its place in the kit. */
export function KitFileLink({ kitFile, children }: { kitFile: KitFile; children: ReactNode }) {
  const { result } = useStores();
  return (
    <a href={result.getState().urlOf(kitFile.file)} download={downloadName(kitFile.name)}>
      {children}
    </a>
  );
}

/**
 * Shows `children(text)` once the file is read. While it is read, and when it cannot be
 * (a missing file, a window that may not fetch it), a line says so and offers the file.
 */
export function KitText({ kitFile, what, children }: { kitFile: KitFile | null; what: string; children: (text: string) => ReactNode }) {
  const state = useKitText(kitFile);
  if (!kitFile) return <p className="hint">This kit has no {what}.</p>;
  if (state?.state === 'read') return <>{children(state.text)}</>;
  if (state?.state === 'failed') {
    return (
      <p className="hint">
        {state.error.message} <KitFileLink kitFile={kitFile}>Download the {what}</KitFileLink>
      </p>
    );
  }
  return <p className="hint">Reading the {what}…</p>;
}
