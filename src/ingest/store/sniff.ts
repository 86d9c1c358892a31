/**
 * Which index a file gets: JSON Lines are tailed incrementally; SQLite and one-document JSON
 * files are read whole by the core loader. Decided from the first bytes, as the loader does.
 */
import fs from 'node:fs';
import { hasWalBeside } from '../../core/load';
import { isObject } from '../../core/readers/fields';
import { detectLineFormat } from '../../core/readers/jsonl';

const SNIFF_BYTES = 64 * 1024;

export type FileKind = 'jsonl' | 'whole';

export function sniffKind(file: string): FileKind {
  const fd = fs.openSync(file, 'r');
  let buf: Buffer;
  try {
    buf = Buffer.alloc(SNIFF_BYTES);
    buf = buf.subarray(0, fs.readSync(fd, buf, 0, SNIFF_BYTES, 0));
  } finally {
    fs.closeSync(fd);
  }
  if (buf.length >= 16 && buf.toString('latin1', 0, 16) === 'SQLite format 3\0') return 'whole';
  let i = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  while (i < buf.length && (buf[i] === 32 || buf[i] === 9 || buf[i] === 10 || buf[i] === 13)) i++;
  // An empty file is a trace file still to be written (tail it), or a database whose pages
  // are all still in its WAL.
  if (i >= buf.length) return buf.length === 0 && hasWalBeside(file) ? 'whole' : 'jsonl';
  if (buf[i] === 0x5b) return 'whole';
  // A line format is recognised on the first or second record; a pretty-printed or huge
  // single document (OTLP request, Chrome trace) is not.
  let start = i;
  for (let n = 0; n < 2 && start < buf.length; n++) {
    const nl = buf.indexOf(10, start);
    const kind = classify(buf.toString('utf8', start, nl < 0 ? buf.length : nl));
    if (kind === 'record') return 'jsonl';
    if (kind === 'json') return 'whole';
    // The only line so far and not yet valid: a record being written, unless it is too long for one.
    if (nl < 0) return buf.length < SNIFF_BYTES ? 'jsonl' : 'whole';
    start = nl + 1;
  }
  return 'whole';
}

function classify(text: string): 'record' | 'json' | 'broken' {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) && detectLineFormat(v) !== undefined ? 'record' : 'json';
  } catch {
    return 'broken';
  }
}
