import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { Library } from '../library/open-library.js';
import { libraryLocation, requestLibraryMove } from '../library/library-location.js';
import type { Preferences } from '../../../src-shared/preferences.js';
import { readPreferences, writePreferences } from '../library/preferences.js';
import { saveKitFolder } from '../library/kit-folder.js';
import { resolveVoice } from '../../engine/voice/voice-catalog.js';
import type { HandlerMap } from './dispatcher.js';
import type { PlatformShell } from './platform-shell.js';

type SettingsChannel = 'settings:get' | 'settings:set' | 'library:move' | 'shell:showLibrary' | 'projects:saveKit';

/**
 * Preferences, the library's location and the kit saved as a folder. `home` is the data
 * folder that holds the library's location pointer (see library-location.ts).
 * `onPreferences` hears every saved change (the desktop app's crash reporter follows its
 * upload choice).
 */
export function settingsHandlers(library: Library, shell: PlatformShell, home: string, onPreferences?: (preferences: Preferences) => void): Pick<HandlerMap, SettingsChannel> {
  const answer = () => ({ preferences: readPreferences(library), library: libraryLocation(home) });
  return {
    'settings:get': answer,
    'settings:set': (change) => {
      const language = change.language ?? readPreferences(library).language;
      // A default voice must be one the language has: refused here with the engine's sentence, not found out at render.
      if (change.voice) resolveVoice(language, change.voice);
      for (const [lang, voice] of Object.entries(change.voiceByLanguage ?? {})) if (voice) resolveVoice(lang, voice);
      const saved = writePreferences(library, change);
      onPreferences?.(saved);
      return answer();
    },
    'library:move': async ({ folder }, sender) => {
      const chosen = await shell.chooseFolder(sender, folder, 'Choose an empty folder for your library');
      if (chosen === null) return { ...answer(), chosen: false };
      requestLibraryMove(chosen, home);
      return { ...answer(), chosen: true };
    },
    'shell:showLibrary': async () => {
      if (!shell.capabilities.showInFolder) throw new TalkingPhotoError('NOT_SUPPORTED', `The browser version cannot open your file manager: the library is in ${library.dataDir}.`);
      await shell.showInFolder(library.paths.database);
      return {};
    },
    'projects:saveKit': async ({ projectId, destination }, sender) => {
      const parent = await shell.chooseFolder(sender, destination, 'Choose where to save the export kit');
      if (parent === null) return { folder: null, files: 0 };
      const saved = await saveKitFolder(library, projectId, parent);
      if (shell.capabilities.showInFolder) await shell.showInFolder(saved.folder);
      return saved;
    },
  };
}
