/** Reads a WAL file's frame layout independently of the reader under test. */
export interface WalLayout {
  pageSize: number;
  /** byte offset of every whole frame */
  offsets: number[];
  /** indexes (into offsets) of frames that carry a commit mark */
  commits: number[];
  framesAfterLastCommit: number;
}

export function walLayout(wal: Buffer): WalLayout {
  const pageSize = wal.readUInt32BE(8);
  const offsets: number[] = [];
  const commits: number[] = [];
  for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize) {
    offsets.push(off);
    if (wal.readUInt32BE(off + 4) !== 0) commits.push(offsets.length - 1);
  }
  const last = commits.length ? commits[commits.length - 1]! : -1;
  return { pageSize, offsets, commits, framesAfterLastCommit: offsets.length - 1 - last };
}
