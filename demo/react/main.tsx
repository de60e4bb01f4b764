import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../src/index.js'; // in an app: import 'layerw';
import { App } from './App.js';

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
