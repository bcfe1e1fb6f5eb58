import { platformName } from '../labels.js';
import type { KitView, SharedKitFile } from '../kit-manifest.js';
import { useStore } from 'zustand';
import { useStores } from '../stores/app-stores.js';
import { KitFileLink } from './KitText.js';

/** Files no single platform owns (the common captions, the guides, the manifest) come first. */
function byPlatform(files: readonly SharedKitFile[]): { platform: string | null; files: SharedKitFile[] }[] {
  const groups = new Map<string | null, SharedKitFile[]>([[null, []]]);
  for (const file of files) groups.set(file.platform, [...(groups.get(file.platform) ?? []), file]);
  return [...groups].filter(([, group]) => group.length > 0).map(([platform, group]) => ({ platform, files: group }));
}

/**
 * Saving the kit: main zips the library's copies of its files on request (once; later
 * requests reuse the zip), and every file also has its own link.
 */
export function KitDownloads({ kit }: { kit: KitView }) {
  const { result, create } = useStores();
  const zip = useStore(result, (s) => s.zip);
  const folder = useStore(result, (s) => s.folder);
  // Only the desktop app has a folder dialog and a file manager to show the folder in.
  const desktop = useStore(create, (s) => s.engine?.capabilities.nativeDialogs === true && s.engine.capabilities.showInFolder);
  return (
    <>
      <div className="kit-zip" aria-live="polite">
        {zip.state === 'ready' ? (
          <a className="button primary" href={zip.url} download="kit.zip">
            Save kit.zip ({(zip.bytes / 1e6).toFixed(1)} MB)
          </a>
        ) : (
          <button type="button" className="button" disabled={zip.state === 'making'} onClick={() => void result.getState().makeZip()}>
            {zip.state === 'making' ? 'Making kit.zip…' : 'Save kit as zip'}
          </button>
        )}
        {zip.state === 'failed' && <p role="alert">{zip.error.message}</p>}
        {desktop && (
          <button type="button" className="button" disabled={folder.state === 'saving'} onClick={() => void result.getState().saveFolder()}>
            {folder.state === 'saving' ? 'Saving the kit…' : 'Show in folder…'}
          </button>
        )}
        {folder.state === 'saved' && <p className="hint">Saved in {folder.path} and shown in your file manager.</p>}
        {folder.state === 'failed' && <p role="alert">{folder.error.message}</p>}
      </div>
      <details className="kit-files">
        <summary>All {kit.files.length} files of the kit</summary>
        {byPlatform(kit.files).map((group) => (
          <div key={group.platform ?? ''} className="kit-file-group">
            <h3>{group.platform === null ? 'For every platform' : platformName(group.platform)}</h3>
            <ul>
              {group.files.map((file) => (
                <li key={file.name}>
                  <KitFileLink kitFile={file}>{file.name}</KitFileLink>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </details>
    </>
  );
}
