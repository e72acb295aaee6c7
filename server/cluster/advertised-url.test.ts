import { describe, expect, it } from 'vitest';
import { advertisedUrl } from './advertised-url';

describe('advertisedUrl', () => {
  it('lists a reachable listening URL, loopback included (a cluster on one host)', () => {
    expect(advertisedUrl('http://10.1.2.3:8080')).toBe('http://10.1.2.3:8080');
    expect(advertisedUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(advertisedUrl('http://[::1]:8080')).toBe('http://[::1]:8080');
  });

  it('lists none for a wildcard address browsers cannot reach', () => {
    expect(advertisedUrl('http://0.0.0.0:8080')).toBeUndefined();
    expect(advertisedUrl('http://[::]:8080')).toBeUndefined();
  });
});
