import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, NeedsDesktopApp } from './App.js';
import { createRenderStore, desktopBridge } from './render-store.js';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const bridge = desktopBridge();
createRoot(container).render(<StrictMode>{bridge ? <App store={createRenderStore(bridge)} /> : <NeedsDesktopApp />}</StrictMode>);
