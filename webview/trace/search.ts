/** Search spans by name (case-insensitive substring), and step through the hits in row order. */

export function findMatches(names: readonly string[], query: string): Int32Array {
  const q = query.trim().toLowerCase();
  if (q === '') return new Int32Array(0);
  const hits: number[] = [];
  for (let i = 0; i < names.length; i++) if (names[i].toLowerCase().includes(q)) hits.push(i);
  return Int32Array.from(hits);
}

/** The next hit after row `from` (or before it with dir = -1), wrapping around; -1 if none. */
export function stepMatch(matches: Int32Array, from: number, dir: 1 | -1): number {
  if (matches.length === 0) return -1;
  // Binary search for the first hit > from (or the last hit < from).
  let lo = 0;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dir === 1 ? matches[mid] <= from : matches[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  if (dir === 1) return matches[lo < matches.length ? lo : 0];
  return matches[lo - 1 >= 0 ? lo - 1 : matches.length - 1];
}

/** 1-based position of row `i` among the hits, 0 when it is not one. */
export function matchOrdinal(matches: Int32Array, i: number): number {
  let lo = 0;
  let hi = matches.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (matches[mid] === i) return mid + 1;
    if (matches[mid] < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
