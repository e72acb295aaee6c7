// Imported first by main.ts: zod's compiled validators probe eval (`Function('')`), which the server's CSP
// forbids; jitless mode validates without it, so the page causes no CSP violation.
import { z } from 'zod';

z.config({ jitless: true });
