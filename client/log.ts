// The browser's logger: the shared Logger type on the console, so views and the live client report alike.
import { consoleLogger } from '../shared/logger';

export const log = consoleLogger('portpulse');
