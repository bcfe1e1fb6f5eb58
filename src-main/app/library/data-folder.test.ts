import { describe, expect, it } from 'vitest';
import { dataFolder } from './data-folder.js';

describe('dataFolder', () => {
  it('prefers TALKINGPHOTO_DATA_DIR, resolved', () => {
    expect(dataFolder({ env: { TALKINGPHOTO_DATA_DIR: '/srv/tp' }, platform: 'darwin', home: '/Users/maya' })).toBe('/srv/tp');
    expect(dataFolder({ env: { TALKINGPHOTO_DATA_DIR: '  ' }, platform: 'linux', home: '/home/maya' })).toBe('/home/maya/.local/share/TalkingPhoto');
  });

  it('uses each OS’s app-data folder otherwise', () => {
    const home = '/home/maya';
    expect(dataFolder({ env: {}, platform: 'linux', home })).toBe('/home/maya/.local/share/TalkingPhoto');
    expect(dataFolder({ env: { XDG_DATA_HOME: '/data/maya' }, platform: 'linux', home })).toBe('/data/maya/TalkingPhoto');
    // XDG: a relative XDG_DATA_HOME is invalid and ignored.
    expect(dataFolder({ env: { XDG_DATA_HOME: 'relative' }, platform: 'linux', home })).toBe('/home/maya/.local/share/TalkingPhoto');
    expect(dataFolder({ env: {}, platform: 'darwin', home: '/Users/maya' })).toBe('/Users/maya/Library/Application Support/TalkingPhoto');
    expect(dataFolder({ env: { APPDATA: 'C:\\Users\\maya\\AppData\\Roaming' }, platform: 'win32', home: 'C:\\Users\\maya' })).toBe('C:\\Users\\maya\\AppData\\Roaming\\TalkingPhoto');
  });
});
