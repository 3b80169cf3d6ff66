// react-dsfr's main.css less the CSS of the 1,000-odd icons: only those the app uses (npm run icons), in the same order.
import './dsfr-icons.css';
import '@codegouvfr/react-dsfr/dsfr/dsfr.min.css';
import './app.css';
import { startReactDsfr } from '@codegouvfr/react-dsfr/spa';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Link } from 'react-router';
import { App } from './App';

declare module '@codegouvfr/react-dsfr/spa' {
  interface RegisterLink {
    Link: typeof Link;
  }
}

startReactDsfr({ defaultColorScheme: 'light', Link });

const root = document.getElementById('root');
if (!root) throw new Error('Élément #root introuvable dans index.html.');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
