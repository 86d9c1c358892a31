/**
 * A set of byte strings, each given an entry number in insertion order, looked up straight
 * from a Buffer range: the index finds a span id or an interned name without first making a
 * JS string of it. Entries sit back to back in one arena (no per-entry objects), which is
 * what a few hundred thousand span ids cost: their bytes plus ~12 bytes each.
 */
export class ByteKeys {
  private arena = new Uint8Array(4096);
  private used = 0;
  /** entry -> start in arena; entry + 1 -> its end */
  private offs = new Uint32Array(1025);
  /**
   * Open addressing, two numbers a slot: entry + 1 (0: empty) and the entry's hash, side by
   * side so a probe touches one cache line. A probe compares bytes only when the hashes agree,
   * which also lets the table fill to 70% (the memory of half-full slots without hashes).
   */
  private slots = new Int32Array(2 * 2048);
  /** where the last find that missed stopped, for the insert that usually follows it */
  private missSlot = -1;
  private missHash = 0;
  count = 0;

  static hash(buf: Uint8Array, s: number, e: number): number {
    // Four bytes a step: a span id is hashed once or twice per record.
    let h = 0x811c9dc5 ^ (e - s);
    let i = s;
    for (; i + 4 <= e; i += 4) h = Math.imul(h ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24)), 0x01000193);
    for (; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    // FNV's low bits (the slot index) barely change between ids that differ in one place
    // (UUIDv7 counters): a murmur finaliser spreads them before linear probing.
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h >>> 0;
  }

  /** The entry holding exactly `buf[s, e)`, or -1. */
  find(buf: Uint8Array, s: number, e: number, h = ByteKeys.hash(buf, s, e)): number {
    const slots = this.slots;
    const mask = slots.length - 2;
    const hs = h | 0;
    for (let i = (h << 1) & mask; ; i = (i + 2) & mask) {
      const v = slots[i];
      if (v === 0) {
        this.missSlot = i;
        this.missHash = hs;
        return -1;
      }
      if (slots[i + 1] === hs && this.equals(v - 1, buf, s, e)) return v - 1;
    }
  }

  /**
   * Appends an entry; `indexed` false keeps it out of lookups (a second span with an id
   * already indexed, told apart by its trace).
   */
  insert(buf: Uint8Array, s: number, e: number, indexed = true, h = ByteKeys.hash(buf, s, e)): number {
    const n = e - s;
    if (this.used + n > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 1.5, this.used + n) | 0);
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
    const arena = this.arena;
    const at = this.used;
    // A byte loop, not set(subarray()): a subarray object per span id was a tenth of the GC work.
    for (let i = 0; i < n; i++) arena[at + i] = buf[s + i];
    const entry = this.count++;
    if (this.count + 1 > this.offs.length) {
      const bigger = new Uint32Array(Math.ceil(this.offs.length * 1.5));
      bigger.set(this.offs);
      this.offs = bigger;
    }
    this.offs[entry] = this.used;
    this.used += n;
    this.offs[entry + 1] = this.used;
    if (indexed) {
      if (this.count * 20 > this.slots.length * 7) this.rehash();
      const hs = h | 0;
      // Right after the find that missed this key, its empty slot is where it goes.
      if (this.missSlot >= 0 && this.missHash === hs && this.slots[this.missSlot] === 0) {
        this.slots[this.missSlot] = entry + 1;
        this.slots[this.missSlot + 1] = hs;
      } else this.place(entry, h);
    }
    this.missSlot = -1;
    return entry;
  }

  /** Room for `n` entries of about `bytesEach` bytes without regrowing. */
  reserve(n: number, bytesEach: number): void {
    if (n + 1 > this.offs.length) {
      const o = new Uint32Array(n + 1);
      o.set(this.offs);
      this.offs = o;
    }
    if (n * bytesEach > this.arena.length) {
      const a = new Uint8Array(n * bytesEach);
      a.set(this.arena.subarray(0, this.used));
      this.arena = a;
    }
    let size = this.slots.length / 2;
    while (n * 10 > size * 7) size *= 2;
    if (size > this.slots.length / 2) this.rebuild(size);
  }

  /** The entry of `other` holding the bytes of this set's `entry`, or -1. */
  findIn(other: ByteKeys, entry: number): number {
    return other.find(this.arena, this.offs[entry], this.offs[entry + 1]);
  }

  /** Entry `entry` as bytes of the arena (a view, valid until the next insert). */
  bytesOf(entry: number): Uint8Array {
    return this.arena.subarray(this.offs[entry], this.offs[entry + 1]);
  }

  /** The arena and entry bounds themselves (longer than used), to be moved to another thread. */
  exportEntries(): { arena: Uint8Array; offs: Uint32Array } {
    return { arena: this.arena, offs: this.offs };
  }

  text(entry: number): string {
    return Buffer.from(this.arena.buffer, this.arena.byteOffset + this.offs[entry], this.offs[entry + 1] - this.offs[entry]).toString('utf8');
  }

  private equals(entry: number, buf: Uint8Array, s: number, e: number): boolean {
    const a = this.offs[entry];
    if (this.offs[entry + 1] - a !== e - s) return false;
    const arena = this.arena;
    for (let i = 0; i < e - s; i++) if (arena[a + i] !== buf[s + i]) return false;
    return true;
  }

  private place(entry: number, h: number): void {
    const slots = this.slots;
    const mask = slots.length - 2;
    let i = (h << 1) & mask;
    while (slots[i] !== 0) i = (i + 2) & mask;
    slots[i] = entry + 1;
    slots[i + 1] = h | 0;
  }

  private rehash(): void {
    this.rebuild(this.slots.length);
  }

  /** New slots: `size` of them. */
  private rebuild(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * size);
    this.missSlot = -1;
    for (let i = 0; i < old.length; i += 2) {
      const v = old[i];
      if (v !== 0) this.place(v - 1, old[i + 1]);
    }
  }
}
