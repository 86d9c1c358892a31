/**
 * Matching a span's `source.file` (as the writer saw it: another machine, a container, CI)
 * against the files that exist here, by trailing path segments: the candidate sharing the
 * longest tail with the recorded path wins.
 */

export function pathSegments(p: string): string[] {
  return p.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
}

/** How many trailing segments `a` and `b` share (0 when even the file names differ). */
export function sharedTail(a: string, b: string): number {
  const x = pathSegments(a);
  const y = pathSegments(b);
  let n = 0;
  while (n < x.length && n < y.length && x[x.length - 1 - n] === y[y.length - 1 - n]) n++;
  return n;
}

export interface SourceMatches {
  /** segments shared by the best candidates; 0 when nothing matched */
  score: number;
  /** every candidate with that score, in the order given */
  best: string[];
}

/** The candidates sharing the longest tail with `recorded`; several when it is a tie. */
export function bestSourceMatches(recorded: string, candidates: Iterable<string>): SourceMatches {
  let score = 0;
  let best: string[] = [];
  for (const c of candidates) {
    const s = sharedTail(recorded, c);
    if (s === 0 || s < score) continue;
    if (s > score) { score = s; best = [c]; } else best.push(c);
  }
  return { score, best };
}

/** The recorded path's file name, for a first narrowing search (e.g. `**∕name`). */
export function sourceBaseName(recorded: string): string | undefined {
  const segs = pathSegments(recorded);
  return segs[segs.length - 1];
}
