// Live WebSocket connections per client IP: checked before the upgrade (a cheap 429) and counted once the
// socket is open, so a burst of simultaneous upgrades from one address is still held to the limit.

export class ConnectionsPerIp {
  private readonly open = new Map<string, number>();

  constructor(readonly max: number) {}

  full(ip: string): boolean {
    return (this.open.get(ip) ?? 0) >= this.max;
  }

  /** Counts a connection; false (and nothing counted) when the address is at the limit. */
  add(ip: string): boolean {
    if (this.full(ip)) return false;
    this.open.set(ip, (this.open.get(ip) ?? 0) + 1);
    return true;
  }

  remove(ip: string): void {
    const n = (this.open.get(ip) ?? 0) - 1;
    if (n > 0) this.open.set(ip, n);
    else this.open.delete(ip);
  }
}
