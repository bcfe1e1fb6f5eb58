import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { DesktopBridge } from '../src-shared/desktop-api.js';
import { App, NeedsDesktopApp } from './App.js';
import { createRenderStore } from './render-store.js';
import { chooseTransport } from './transport/choose-transport.js';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const transport = chooseTransport(window as Window & { talkingPhoto?: DesktopBridge });
createRoot(container).render(<StrictMode>{transport ? <App store={createRenderStore(transport)} /> : <NeedsDesktopApp />}</StrictMode>);
