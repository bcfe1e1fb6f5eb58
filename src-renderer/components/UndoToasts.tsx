import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../stores/app-stores.js';
import { UpdateBanner } from './UpdateBanner.js';

/**
 * "Deleted …" with an Undo button while a deletion waits (UNDO_DELETE_MS). A live region without the
 * status role, so it never competes with a screen's own status line. When the deleted
 * card had focus, focus moves to its Undo rather than being lost to the page.
 */
export function UndoToasts() {
  const library = useStores().library;
  const pending = useStore(library, (state) => state.pendingDeletes);
  const region = useRef<HTMLElement>(null);
  const shown = useRef(new Set<string>());

  useEffect(() => {
    const fresh = pending.filter((item) => !shown.current.has(item.projectId));
    shown.current = new Set(pending.map((item) => item.projectId));
    const newest = fresh.at(-1);
    const focusLost = document.activeElement === null || document.activeElement === document.body;
    if (newest && focusLost) region.current?.querySelector<HTMLElement>(`[data-undo="${CSS.escape(newest.projectId)}"]`)?.focus();
  }, [pending]);

  const undo = (projectId: string): void => {
    library.getState().undoRemove(projectId);
    // Back to the restored card, if it is on screen; otherwise to the screen itself.
    setTimeout(() => {
      const card = document.querySelector<HTMLElement>(`[data-project-open="${CSS.escape(projectId)}"]`);
      (card ?? document.getElementById('main'))?.focus();
    }, 0);
  };

  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite" ref={region}>
      <UpdateBanner />
      {pending.map((item) => (
        <div className="toast" key={item.projectId}>
          <span>Deleted “{item.title}”.</span>
          <button type="button" data-undo={item.projectId} onClick={() => undo(item.projectId)}>
            Undo
          </button>
        </div>
      ))}
    </section>
  );
}
