/**
 * Applies the committed frames of a SQLite write-ahead log onto the main database image.
 *
 * sql.js runs SQLite over an in-memory file and never sees `<db>-wal`. A database written in
 * WAL mode keeps every commit since the last checkpoint only in that file (a live writer's
 * main file can even be empty), so we do what SQLite's own reader does: take the last valid
 * copy of each page that belongs to a committed transaction and lay it over the main file.
 *
 * Format (sqlite.org/fileformat2.html §4, src/wal.c): a 32-byte header of eight big-endian
 * u32 (magic, version, page size, checkpoint seq, salt-1, salt-2, checksum-1, checksum-2),
 * then frames of a 24-byte header (page number, db size after commit or 0, salt-1, salt-2,
 * checksum-1, checksum-2) followed by one page. A frame is valid only when its salts equal
 * the header's and its checksum equals the running checksum over the header's first 24
 * bytes, then every frame's first 8 header bytes and page. The first invalid frame ends the
 * log: what follows is a torn write or a leftover from before the last checkpoint.
 */

const WAL_HEADER_SIZE = 32;
const FRAME_HEADER_SIZE = 24;
const MAGIC_LE = 0x377f0682;
const MAGIC_BE = 0x377f0683;

export interface WalApplyResult {
  /** the database image with committed WAL pages applied; the input when nothing applied */
  image: Uint8Array;
  /** frames belonging to committed transactions that were applied */
  framesApplied: number;
  /** valid frames after the last commit (a transaction still open, or torn) that were ignored */
  framesIgnored: number;
  /** why the WAL was not used at all, if it was not (bad header, page size mismatch) */
  skippedReason?: string;
}

/**
 * SQLite's WAL checksum: the data as u32 pairs in the WAL's byte order,
 * s0 += x[i] + s1; s1 += x[i+1] + s0 (mod 2^32), continued from (s0, s1).
 */
function walChecksum(
  data: Uint8Array, start: number, end: number, bigEndian: boolean, seed: [number, number],
): [number, number] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let s0 = seed[0];
  let s1 = seed[1];
  for (let i = start; i < end; i += 8) {
    s0 = (s0 + view.getUint32(i, !bigEndian) + s1) >>> 0;
    s1 = (s1 + view.getUint32(i + 4, !bigEndian) + s0) >>> 0;
  }
  return [s0, s1];
}

/** Page size as the main file's header stores it (bytes 16-17, big-endian; 1 means 65536). */
export function mainPageSize(main: Uint8Array): number | undefined {
  if (main.length < 100) return undefined;
  const raw = (main[16]! << 8) | main[17]!;
  return raw === 1 ? 65536 : raw;
}

/** What a WAL holds: its valid frames, the last commit among them, where validity ends. */
export interface WalScan {
  pageSize: number;
  /** byte offset of each valid frame's page, in log order */
  frames: Array<{ offset: number; page: number }>;
  /** how many of `frames` belong to committed transactions */
  committedFrames: number;
  /** database size in pages after the last commit */
  dbPages: number;
  /**
   * Offset of the first slot that holds no valid frame. A writer appends there next (or is
   * writing there now), so a reader compares that slot before and after to see new commits.
   */
  validEnd: number;
  frameSize: number;
  skippedReason?: string;
}

export function scanWal(wal: Uint8Array): WalScan {
  const none = (skippedReason?: string): WalScan => ({
    pageSize: 0, frames: [], committedFrames: 0, dbPages: 0, validEnd: 0, frameSize: 0, skippedReason,
  });
  if (wal.length < WAL_HEADER_SIZE) return none(wal.length === 0 ? undefined : 'WAL header is incomplete');

  const head = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const magic = head.getUint32(0);
  if (magic !== MAGIC_LE && magic !== MAGIC_BE) return none('WAL magic number is wrong');
  const bigEndian = magic === MAGIC_BE;
  const pageSize = head.getUint32(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    return none(`WAL page size ${pageSize} is invalid`);
  }
  const salt1 = head.getUint32(16);
  const salt2 = head.getUint32(20);
  let sum = walChecksum(wal, 0, 24, bigEndian, [0, 0]);
  if (sum[0] !== head.getUint32(24) || sum[1] !== head.getUint32(28)) {
    return none('WAL header checksum is wrong');
  }

  // Nothing is copied here, because frames after the last commit must not be applied.
  const frameSize = FRAME_HEADER_SIZE + pageSize;
  const frames: Array<{ offset: number; page: number }> = [];
  let committedFrames = 0;
  let dbPages = 0;
  let off = WAL_HEADER_SIZE;
  for (; off + frameSize <= wal.length; off += frameSize) {
    const page = head.getUint32(off);
    const commitSize = head.getUint32(off + 4);
    if (page === 0) break;
    if (head.getUint32(off + 8) !== salt1 || head.getUint32(off + 12) !== salt2) break;
    const next = walChecksum(wal, off + FRAME_HEADER_SIZE, off + frameSize, bigEndian,
      walChecksum(wal, off, off + 8, bigEndian, sum));
    if (next[0] !== head.getUint32(off + 16) || next[1] !== head.getUint32(off + 20)) break;
    sum = next;
    frames.push({ offset: off + FRAME_HEADER_SIZE, page });
    if (commitSize !== 0) {
      committedFrames = frames.length;
      dbPages = commitSize;
    }
  }
  return { pageSize, frames, committedFrames, dbPages, validEnd: off, frameSize };
}

/**
 * `limitBytes` keeps the image to the database's first pages (a schema sniff): pages past it
 * are neither allocated nor applied, and read as missing if SQLite asks for them.
 */
export function applyWal(
  main: Uint8Array, wal: Uint8Array, limitBytes?: number, scan: WalScan = scanWal(wal),
): WalApplyResult {
  const none = (skippedReason?: string): WalApplyResult =>
    ({ image: main, framesApplied: 0, framesIgnored: scan.frames.length, skippedReason });
  if (scan.skippedReason) return none(scan.skippedReason);
  const { pageSize, frames, committedFrames, dbPages } = scan;
  if (committedFrames === 0) return none();
  const filePageSize = mainPageSize(main);
  if (filePageSize !== undefined && main.length >= pageSize && filePageSize !== pageSize) {
    return { ...none(`WAL page size ${pageSize} differs from the database's ${filePageSize}`), framesIgnored: 0 };
  }

  // The last commit's size is the database's size: it may grow past the main file (a live
  // writer that has never checkpointed) or shrink it (a VACUUM in the log).
  const imagePages = limitBytes === undefined ? dbPages : Math.min(dbPages, Math.ceil(limitBytes / pageSize));
  const image = new Uint8Array(imagePages * pageSize);
  image.set(main.subarray(0, Math.min(main.length, image.length)));
  // In log order, so the last copy of a page wins.
  for (let i = 0; i < committedFrames; i++) {
    const { offset, page } = frames[i]!;
    if (page > imagePages) continue;
    image.set(wal.subarray(offset, offset + pageSize), (page - 1) * pageSize);
  }
  // Keep the header's page count in step with the image, as a checkpoint would.
  new DataView(image.buffer).setUint32(28, dbPages);
  return { image, framesApplied: committedFrames, framesIgnored: frames.length - committedFrames };
}

/**
 * sql.js opens the image from memory, where there is no WAL or shared memory: bytes 18-19
 * (file format write/read version) equal to 2 would make SQLite look for them. 1 is the
 * rollback-journal format, which reads the same pages.
 */
export function markRollbackJournal(image: Uint8Array): Uint8Array {
  if (image.length >= 100 && (image[18] === 2 || image[19] === 2)) {
    image[18] = 1;
    image[19] = 1;
  }
  return image;
}
