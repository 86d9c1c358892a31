/**
 * Reads a growing line file from where the last read stopped. Only complete lines are handed
 * out; a partial last line is held back (its bytes are read again next time) until its
 * newline arrives, or until the caller says the file is final, for writers that never end
 * their last line (TraceForge). A file that shrank, was replaced by another (new inode or
 * device), or whose first bytes or last bytes read changed (rewritten in place) is read again
 * from the start.
 */
import fs from 'node:fs';

export interface LineSink {
  /** The file is read again from the start: drop everything taken from it so far. */
  reset(): void;
  /**
   * Lines from `fromLine` on are read again (an unterminated last line that has grown):
   * drop what they produced that a re-read would not replace (warnings).
   */
  retract(fromLine: number): void;
  /** One line, `buf[start, end)` without its newline; `line` is 1-based, `offset` in the file. */
  line(buf: Buffer, start: number, end: number, line: number, offset: number): void;
}

export interface TailReadOptions {
  /** Take a last line that has no newline as complete. */
  final: boolean;
  /** ...or when the file has not been modified for this long (ms). */
  quietMs?: number;
  chunkSize?: number;
  onProgress?: (bytesRead: number, total: number) => void;
  /** Read no further than this byte offset (a line start): one part of a file split in two. */
  limit?: number;
}

export interface TailReadResult {
  reset: boolean;
  /** bytes of a partial last line still held back */
  held: number;
  size: number;
  mtimeMs: number;
}

/**
 * Where a read's buffer comes from: at least `size` bytes, the first `keep` of them those of
 * `previous` (the buffer this read had so far, when it grows for a long line).
 */
export interface ReadBuffers {
  get(size: number, keep: number, previous?: Buffer): Buffer;
  /** The first newline in `buf[from, end)`, or -1. */
  newline(buf: Buffer, from: number, end: number): number;
}

/** How many leading bytes are compared to notice a file rewritten in place. */
const HEAD_BYTES = 256;
/**
 * ...and how many of the bytes just before where the last read stopped: a file rewritten
 * with the same first records and more after them would otherwise pass for an append.
 */
const MARK_BYTES = 64;
const DEFAULT_CHUNK = 4 * 1024 * 1024;

export class TailReader {
  private dev = -1;
  private ino = -1;
  /** bytes consumed: the end of the last complete line handed out */
  private offset = 0;
  /** lines consumed */
  private lines = 0;
  private head: Buffer = Buffer.alloc(0);
  /** the MARK_BYTES bytes before `offset` when the last read ended */
  private mark: Buffer = Buffer.alloc(0);
  /** start offset and line number of an unterminated last line taken as final */
  private unterminated: { offset: number; line: number } | undefined;
  private buf: Buffer | undefined;

  /**
   * `buffers`, when given, supplies every read's buffer (the index reads into the member
   * scanner's memory); none is kept from one read to the next.
   */
  constructor(readonly file: string, private readonly buffers?: ReadBuffers) {}

  get bytesConsumed(): number {
    return this.offset;
  }

  get linesConsumed(): number {
    return this.lines;
  }

  /**
   * Continues at `offset` (a line start) as if `lines` lines had been read before it: the part
   * of a file another thread read, or the start of the part this reader is to read.
   */
  skipTo(offset: number, lines: number): void {
    this.offset = offset;
    this.lines = lines;
    this.mark = Buffer.alloc(0);
  }

  read(sink: LineSink, opts: TailReadOptions): TailReadResult {
    const fd = fs.openSync(this.file, 'r');
    try {
      const st = fs.fstatSync(fd);
      if (st.isDirectory()) throw new Error(`${this.file} is a directory`);
      const size = opts.limit === undefined ? st.size : Math.min(st.size, opts.limit);
      let reset = false;
      if (this.dev !== -1 && (st.dev !== this.dev || st.ino !== this.ino)) reset = true;
      else if (size < this.offset) reset = true;
      else if (this.head.length > 0 && !this.sameHead(fd)) reset = true;
      else if (this.mark.length > 0 && !this.sameMark(fd)) reset = true;
      if (reset) {
        this.offset = 0;
        this.lines = 0;
        this.head = Buffer.alloc(0);
        this.mark = Buffer.alloc(0);
        this.unterminated = undefined;
        sink.reset();
      }
      this.dev = st.dev;
      this.ino = st.ino;
      if (this.unterminated && size > this.offset) {
        // The "final" line was not final after all: read it again with what followed.
        this.offset = this.unterminated.offset;
        this.lines = this.unterminated.line - 1;
        sink.retract(this.unterminated.line);
        this.unterminated = undefined;
      }
      const final = opts.final || (opts.quietMs !== undefined && Date.now() - st.mtimeMs >= opts.quietMs);
      const held = this.readLines(fd, size, sink, { ...opts, final });
      if (this.head.length < Math.min(HEAD_BYTES, this.offset)) this.head = this.readHead(fd, Math.min(HEAD_BYTES, this.offset));
      this.mark = this.readAt(fd, Math.max(0, this.offset - MARK_BYTES), Math.min(MARK_BYTES, this.offset));
      return { reset, held, size, mtimeMs: st.mtimeMs };
    } finally {
      fs.closeSync(fd);
    }
  }

  private sameHead(fd: number): boolean {
    const now = this.readHead(fd, this.head.length);
    return now.equals(this.head);
  }

  private sameMark(fd: number): boolean {
    return this.readAt(fd, this.offset - this.mark.length, this.mark.length).equals(this.mark);
  }

  private readAt(fd: number, at: number, n: number): Buffer {
    const b = Buffer.alloc(n);
    const got = n > 0 ? fs.readSync(fd, b, 0, n, at) : 0;
    return got === n ? b : b.subarray(0, got);
  }

  private readHead(fd: number, n: number): Buffer {
    const b = Buffer.alloc(n);
    const got = fs.readSync(fd, b, 0, n, 0);
    return got === n ? b : b.subarray(0, got);
  }

  private readLines(fd: number, size: number, sink: LineSink, opts: TailReadOptions): number {
    const chunk = opts.chunkSize ?? DEFAULT_CHUNK;
    if (this.offset >= size) return 0;
    const first = Math.min(chunk, Math.max(size - this.offset, 4096));
    let buf = this.buffers ? this.buffers.get(first, 0)
      : this.buf && this.buf.length >= Math.min(chunk, size - this.offset) ? this.buf : Buffer.allocUnsafe(first);
    /** file offset of buf[0] */
    let base = this.offset;
    /** valid bytes in buf */
    let filled = 0;
    let lineStart = 0;
    let pos = this.offset;
    while (pos < size) {
      if (filled === buf.length) {
        // A line longer than the buffer: keep its start, grow.
        if (this.buffers) buf = this.buffers.get(buf.length * 2, filled, buf);
        else {
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, filled);
          buf = bigger;
        }
      }
      const want = Math.min(buf.length - filled, size - pos);
      const got = fs.readSync(fd, buf, filled, want, pos);
      if (got <= 0) break;
      filled += got;
      pos += got;
      const buffers = this.buffers;
      let nl = buffers ? buffers.newline(buf, lineStart, filled) : buf.indexOf(0x0a, lineStart);
      while (nl >= 0 && nl < filled) {
        this.lines++;
        this.emit(sink, buf, lineStart, nl, base);
        lineStart = nl + 1;
        nl = buffers ? buffers.newline(buf, lineStart, filled) : buf.indexOf(0x0a, lineStart);
      }
      this.offset = base + lineStart;
      opts.onProgress?.(this.offset, size);
      // Move the partial line to the front so the next read continues it.
      if (lineStart > 0) {
        buf.copy(buf, 0, lineStart, filled);
        filled -= lineStart;
        base += lineStart;
        lineStart = 0;
      }
    }
    let held = filled - lineStart;
    if (held > 0 && opts.final) {
      this.lines++;
      this.unterminated = { offset: base + lineStart, line: this.lines };
      this.emit(sink, buf, lineStart, filled, base);
      this.offset = base + filled;
      held = 0;
    }
    // Keep a chunk-sized buffer for the next refresh only when reads are big.
    this.buf = !this.buffers && buf.length <= chunk ? buf : undefined;
    if (size - this.offset < 64 * 1024) this.buf = undefined;
    return held;
  }

  private emit(sink: LineSink, buf: Buffer, start: number, end: number, base: number): void {
    let e = end;
    if (e > start && buf[e - 1] === 0x0d) e--;
    let s = start;
    while (s < e && (buf[s] === 0x20 || buf[s] === 0x09)) s++;
    if (s === e) return;
    sink.line(buf, start, e, this.lines, base + start);
  }
}
