import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../stores/app-stores.js';
import { visibleAlert } from '../stores/spend-store.js';
import '../diagnostics.css';

/**
 * The daily cloud-spending alert Settings promises ("You are warned at 80%"), at the top
 * of the screens where videos are started and followed. Polite: it is news, not an error.
 */
export function SpendAlertBanner() {
  const { spend, navigation } = useStores();
  const alert = useStore(spend, visibleAlert);

  useEffect(() => {
    void spend.getState().load();
  }, [spend]);

  if (!alert) return null;
  return (
    <div className="spend-alert" role="status" aria-label="Cloud spending alert">
      <p>{alert.message}</p>
      <div className="spend-alert-actions">
        <button type="button" onClick={() => navigation.getState().go('settings')}>
          Open Settings
        </button>
        <button type="button" className="quiet" onClick={() => spend.getState().dismiss()}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
