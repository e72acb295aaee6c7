// Bootstraps the operator view: site list from /api/sites (or the live hello), then the live connection.
import './styles.css';
import { fetchSites } from './api/sites';
import { LiveConnection, liveUrl } from './live/connection';
import { mountOperatorView } from './views/operator';

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');

const connection = new LiveConnection({ url: liveUrl(location) });
const view = mountOperatorView(root, connection);
fetchSites()
  .then((sites) => view.setSites(sites))
  .catch((e: unknown) => console.warn('portpulse: site list unavailable, waiting for the live hello', e));
connection.start();

// Lets a console or a browser test look at the connection counters (invalid messages, reconnects).
Object.assign(window, { portpulse: { connection } });
