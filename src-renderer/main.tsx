import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { DesktopBridge } from '../src-shared/desktop-api.js';
import { App } from './App.js';
import { NeedsDesktopApp } from './components/NeedsDesktopApp.js';
import { createAppStores, pageStorage } from './stores/app-stores.js';
import { rememberedTheme } from './stores/settings-store.js';
import { chooseTransport } from './transport/choose-transport.js';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const page = { location: window.location, addEventListener: window.addEventListener.bind(window), storage: pageStorage(window), root: document.documentElement };
const transport = chooseTransport(window as Window & { talkingPhoto?: DesktopBridge });
// Still in the creator's theme, with no main to ask.
if (!transport) page.root.dataset.theme = rememberedTheme(page.storage);
createRoot(container).render(<StrictMode>{transport ? <App stores={createAppStores(transport, page)} /> : <NeedsDesktopApp />}</StrictMode>);
