import { createRoot } from 'react-dom/client';
import { App } from './app';
import { mountNewVersionBanner } from './offline/new-version-banner';
import { registerServiceWorker } from './offline/service-worker-registration';
import './styles.css';

createRoot(document.getElementById('root')!).render(<App />);
// The shell works offline once the service worker is installed; a later release is offered, not forced.
registerServiceWorker(mountNewVersionBanner());
