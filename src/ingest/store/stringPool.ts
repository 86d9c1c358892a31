/**
 * Interned strings addressed by small integers. Names, models, trace ids and source files
 * repeat across hundreds of thousands of spans; the index keeps one copy of each and a
 * 4-byte reference per span. Looked up by string or straight from a line's bytes.
 */
import { ByteKeys } from './byteKeys';

export class StringPool {
  /**
   * Each entry's JS string, made on first use: most entries are parent span ids, which the
   * index only ever compares as bytes, and a string each would cost time and memory.
   */
  private readonly strings: (string | undefined)[] = [''];
  private readonly keys = new ByteKeys();

  constructor() {
    // Entry 0 stands for "absent" and is never found by a lookup.
    this.keys.insert(new Uint8Array(0), 0, 0, false);
  }

  add(s: string | undefined | null): number {
    if (s === undefined || s === null) return 0;
    const b = Buffer.from(s, 'utf8');
    const h = ByteKeys.hash(b, 0, b.length);
    const found = this.keys.find(b, 0, b.length, h);
    if (found >= 0) return found;
    this.strings.push(s);
    return this.keys.insert(b, 0, b.length, true, h);
  }

  /** The entry for the UTF-8 text `buf[s, e)` (no JSON escapes in it). */
  addBytes(buf: Buffer, s: number, e: number): number {
    const h = ByteKeys.hash(buf, s, e);
    const found = this.keys.find(buf, s, e, h);
    if (found >= 0) return found;
    this.strings.push(undefined);
    return this.keys.insert(buf, s, e, true, h);
  }

  /** Every string by its entry number (entry 0 is the absent one). */
  all(): readonly string[] {
    const out: string[] = [''];
    for (let i = 1; i < this.strings.length; i++) out.push(this.get(i)!);
    return out;
  }

  get(i: number): string | undefined {
    if (i === 0) return undefined;
    const s = this.strings[i];
    if (s !== undefined || i >= this.strings.length) return s;
    return (this.strings[i] = this.keys.text(i));
  }

  /** The entry of `other` holding the same bytes as this pool's entry `i`, or -1. */
  findIn(other: ByteKeys, i: number): number {
    return this.keys.findIn(other, i);
  }

  find(s: string): number {
    const b = Buffer.from(s, 'utf8');
    const found = this.keys.find(b, 0, b.length);
    return found < 0 ? 0 : found;
  }
}
