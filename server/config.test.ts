import { describe, expect, it } from 'vitest';
import { ConfigError } from '../shared/config-error';
import { isLoopback, loadConfig } from './config';

describe('loadConfig: binding without tokens', () => {
  it('accepts loopback addresses only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) {
      expect(isLoopback(host), host).toBe(true);
      expect(loadConfig({ PORTPULSE_HOST: host }).host).toBe(host);
    }
  });

  it('refuses any other address or a host name that only looks like loopback, naming the fix', () => {
    for (const host of ['0.0.0.0', '192.168.1.20', '::', '127.example.com', '127.0.0.1.nip.io']) {
      expect(isLoopback(host), host).toBe(false);
      expect(() => loadConfig({ PORTPULSE_HOST: host }), host).toThrow(ConfigError);
      expect(() => loadConfig({ PORTPULSE_HOST: host }), host).toThrow(
        /without tokens.*PORTPULSE_WRITE_TOKENS/s,
      );
    }
  });

  it('binds anywhere once tokens are configured', () => {
    const config = loadConfig({
      PORTPULSE_HOST: '0.0.0.0',
      PORTPULSE_WRITE_TOKENS: 'collector-secret-0123456789',
      PORTPULSE_READ_TOKENS: 'viewer-secret-0123456789',
    });
    expect(config.host).toBe('0.0.0.0');
  });
});
