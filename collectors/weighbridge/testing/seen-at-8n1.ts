// Test helper: what an 8N1 receiver reads from a device sending 7E1 — each byte's even-parity bit lands in
// bit 7 (the garble a wrong parity setting gives, with no error from the port).
export const asSeenAt8N1 = (bytes: Buffer): Buffer =>
  Buffer.from(bytes.map((b) => (b.toString(2).split('1').length % 2 === 0 ? b | 0x80 : b)));
