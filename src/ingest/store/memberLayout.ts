/**
 * The member scan's result layout and its limits, shared by the WebAssembly scanner
 * (memberScan.ts) and its JS twin (memberScanJs.ts).
 */

/**
 * Each member takes 40 bytes of the result: in `found` (ten i32) the key quote, key closing
 * quote, value start, value end, whether a string value holds an escape (1/0), the key's code
 * (see setKeys; 0: another key) and, at INTERN_FIELD, the value's intern id; in `times` (five
 * f64), at index TIME_FIELD, the value as epoch microseconds when it is a time string of the
 * native writers' shape, else NaN.
 *
 * Intern ids: the values of keys registered as interned (names, types, models, sources: the
 * few values a file repeats) get a small number per distinct value, 1 and up (0: none), so a
 * decoder can keep what it made of a value by number instead of hashing and comparing its
 * bytes again. Ids hold within one `internGeneration`; a scan that started a new one
 * (`internRestarted`) gave out ids of both, which mean nothing.
 */
export const MEMBER_FIELDS = 10;
export const INTERN_FIELD = 6;
/** `times[m / 2 + TIME_FIELD]` for the member at `found[m]`. */
export const TIME_FIELD = 4;
export const MEMBER_BYTES = 40;
/** The most values interned in one generation (jsonMembers.wat's table). */
export const MAX_INTERNED = 3071;
export const MAX_MEMBERS = 64;
/** A line with more members than MAX_MEMBERS. */
export const TOO_MANY = -2;

/** Keys are compared 16 bytes at a time: longer ones are never registered. */
export const MAX_KEY = 16;
/** Key codes index a 64-byte table of intern flags. */
export const MAX_CODE = 63;
export const KEY_SLOTS = 64;

export interface MemberScanner {
  /**
   * Scans the object on `buf[start, end)`: the member count (results in `found`, positions
   * indexing `buf`), -1 when the line is not a well-formed object of this shape, TOO_MANY.
   */
  scan(buf: Uint8Array, start: number, end: number): number;
  /** The result of the last scan, MEMBER_FIELDS numbers per member. */
  readonly found: Int32Array;
  /** The same result seen as f64, for the time field. */
  readonly times: Float64Array;
  /** Which intern ids hold now (see MEMBER_FIELDS). */
  readonly internGeneration: number;
  /** The last scan started a new intern generation: its ids are not to be used. */
  readonly internRestarted: boolean;
  /**
   * A buffer of at least `size` bytes for the tail reader, whose first `keep` bytes are those of
   * the buffer it last returned. Lines read into it are scanned where they lie.
   */
  lineBuffer(size: number, keep: number, previous?: Buffer): Buffer;
  /** The first newline in `buf[from, end)`, or -1. */
  newline(buf: Buffer, from: number, end: number): number;
  /** Whether `buf[start, end)` holds the needle numbered `n` (see `needle`). */
  contains(buf: Buffer, start: number, end: number, n: number): boolean;
}
