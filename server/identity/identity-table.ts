// One day's identity entries in memory: an open-addressing hash table over a flat Uint32Array (five words per
// entry: key hash hi/lo, field-set hash hi/lo, ns offset + 1), so a million events cost 20-40 MB and no
// per-entry objects. Several entries share a key when distinct events share a series and time (+1 ns each).
const STRIDE = 5;
const MAX_LOAD = 0.7;

export interface IdentityEntry {
  keyHi: number;
  keyLo: number;
  fieldsHi: number;
  fieldsLo: number;
  /** ns above the original timestamp at which the event is stored. */
  offset: number;
}

export class IdentityTable {
  private slots: Uint32Array;
  private mask: number;
  count = 0;

  constructor(expected = 0) {
    let capacity = 256;
    while (capacity * MAX_LOAD < expected) capacity *= 2;
    this.slots = new Uint32Array(capacity * STRIDE);
    this.mask = capacity - 1;
  }

  /** Bytes of memory the table holds. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /** Whether any entry is stored under the key (a lookup without a visitor, for the usual new key). */
  has(keyHi: number, keyLo: number): boolean {
    const s = this.slots;
    for (let i = keyLo & this.mask; ; i = (i + 1) & this.mask) {
      const at = i * STRIDE;
      if (s[at + 4] === 0) return false;
      if (s[at] === keyHi && s[at + 1] === keyLo) return true;
    }
  }

  /** Calls `visit` with the field-set hash and offset of each entry stored under the key. */
  forKey(
    keyHi: number,
    keyLo: number,
    visit: (fieldsHi: number, fieldsLo: number, offset: number) => void,
  ): void {
    const s = this.slots;
    for (let i = keyLo & this.mask; ; i = (i + 1) & this.mask) {
      const at = i * STRIDE;
      if (s[at + 4] === 0) return;
      if (s[at] === keyHi && s[at + 1] === keyLo) visit(s[at + 2]!, s[at + 3]!, s[at + 4]! - 1);
    }
  }

  /** Adds an entry; false when the very same entry is there already (replays are idempotent). */
  add(e: IdentityEntry): boolean {
    if (this.count + 1 > (this.mask + 1) * MAX_LOAD) this.grow();
    const s = this.slots;
    const keyHi = e.keyHi >>> 0;
    const keyLo = e.keyLo >>> 0;
    const fieldsHi = e.fieldsHi >>> 0;
    const fieldsLo = e.fieldsLo >>> 0;
    const stored = e.offset + 1;
    for (let i = keyLo & this.mask; ; i = (i + 1) & this.mask) {
      const at = i * STRIDE;
      if (s[at + 4] === 0) {
        s[at] = keyHi;
        s[at + 1] = keyLo;
        s[at + 2] = fieldsHi;
        s[at + 3] = fieldsLo;
        s[at + 4] = stored;
        this.count++;
        return true;
      }
      if (
        s[at] === keyHi &&
        s[at + 1] === keyLo &&
        s[at + 2] === fieldsHi &&
        s[at + 3] === fieldsLo &&
        s[at + 4] === stored
      )
        return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = this.slots.length / STRIDE - 1;
    this.count = 0;
    this.addPacked(old);
  }

  /** Adds the occupied entries of a packed or slotted array (five words each; empty ones have offset word 0). */
  addPacked(words: Uint32Array): void {
    for (let at = 0; at < words.length; at += STRIDE) {
      if (words[at + 4] === 0) continue;
      this.add({
        keyHi: words[at]!,
        keyLo: words[at + 1]!,
        fieldsHi: words[at + 2]!,
        fieldsLo: words[at + 3]!,
        offset: words[at + 4]! - 1,
      });
    }
  }

  /** The entries, packed (five words each), for the day file. */
  packed(): Uint32Array {
    const out = new Uint32Array(this.count * STRIDE);
    const s = this.slots;
    let o = 0;
    for (let at = 0; at < s.length; at += STRIDE) {
      if (s[at + 4] === 0) continue;
      out.set(s.subarray(at, at + STRIDE), o);
      o += STRIDE;
    }
    return out;
  }

  static fromPacked(words: Uint32Array): IdentityTable {
    const t = new IdentityTable(words.length / STRIDE);
    t.addPacked(words);
    return t;
  }
}

export const WORDS_PER_ENTRY = STRIDE;
