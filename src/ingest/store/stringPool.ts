/**
 * Interned strings addressed by small integers. Names, models, trace ids and source files
 * repeat across hundreds of thousands of spans; the index keeps one copy of each and a
 * 4-byte reference per span.
 */
export class StringPool {
  private readonly strings: string[] = [''];
  private readonly index = new Map<string, number>();

  /** 0 stands for "absent". */
  add(s: string | undefined | null): number {
    if (s === undefined || s === null) return 0;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  get(i: number): string | undefined {
    return i === 0 ? undefined : this.strings[i];
  }

  /** The pooled copy of `s`, so equal strings share memory. */
  intern(s: string): string {
    return this.strings[this.add(s)];
  }

  find(s: string): number {
    return this.index.get(s) ?? 0;
  }
}
