// What the server says about authentication when it starts: open on loopback only without tokens, which
// scopes are configured, and a warning when the token file is readable by other users.
import type { Config } from '../config';
import type { LogLevel } from '../logger';
import { tokenFileIsWorldReadable } from './token-config';

export interface Notice {
  level: LogLevel;
  msg: string;
}

export function authNotices(config: Pick<Config, 'tokens' | 'tokensFile' | 'host'>): Notice[] {
  if (config.tokens.length === 0)
    return [
      {
        level: 'warn',
        msg: `no tokens configured: authentication is off, so the server listens on ${config.host} (this machine) only; set PORTPULSE_WRITE_TOKENS and PORTPULSE_READ_TOKENS (or PORTPULSE_TOKENS_FILE) to accept other machines`,
      },
    ];
  const count = (scope: 'read' | 'write') => config.tokens.filter((t) => t.scopes.has(scope)).length;
  const notices: Notice[] = [
    {
      level: 'info',
      msg: `authentication on: ${count('write')} write token(s), ${count('read')} read token(s)`,
    },
  ];
  if (count('read') === 0)
    notices.push({
      level: 'warn',
      msg: 'no read tokens configured: dashboards and the read API are open to anyone who can reach the server',
    });
  if (count('write') === 0)
    notices.push({ level: 'warn', msg: 'no write tokens configured: no collector can write' });
  if (tokenFileIsWorldReadable(config.tokensFile))
    notices.push({ level: 'warn', msg: `${config.tokensFile} is readable by other users: chmod 600 it` });
  return notices;
}
