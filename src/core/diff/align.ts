/**
 * Aligns two sibling lists (the children of two matched spans, or the two traces' roots).
 *
 * 1. Siblings match only by name, in order: a longest common subsequence, weighted so that
 *    the most matches win first and, among those, pairs whose inputs, model and outputs
 *    agree. So in a loop of same-named calls, one inserted call is the one reported added,
 *    not every call after it reported changed; and of a failed attempt and its successful
 *    retry, the retry pairs with the earlier run's successful call.
 * 2. Leftovers with the same name on both sides are paired as moved (reordered siblings).
 * 3. Between two matched neighbours, a lone leftover on each side of the same span type is
 *    paired as renamed (one step replaced by another at the same place).
 *
 * Every tie is broken by the items' content, never by which side they are on, so swapping the
 * two traces gives the mirror image of the same alignment.
 */

export interface AlignItem {
  name: string;
  spanType: string;
  model: string;
  inputsHash: string;
  outputsHash: string;
  /** name, inputs, model and outputs together: equal keys mean interchangeable items */
  key: string;
}

export interface AlignEntry {
  l?: number;
  r?: number;
  moved?: boolean;
  renamed?: boolean;
}

/** Above this many DP cells a sibling group is paired by name occurrence instead (see below). */
const MAX_CELLS = 2_000_000;

export function alignSiblings(L: readonly AlignItem[], R: readonly AlignItem[]): AlignEntry[] {
  const m = L.length;
  const n = R.length;
  let pre = 0;
  while (pre < m && pre < n && L[pre].key === R[pre].key) pre++;
  let suf = 0;
  while (suf < m - pre && suf < n - pre && L[m - 1 - suf].key === R[n - 1 - suf].key) suf++;

  const anchors: [number, number][] = [];
  for (let i = 0; i < pre; i++) anchors.push([i, i]);
  const mm = m - pre - suf;
  const nn = n - pre - suf;
  if (mm > 0 && nn > 0) {
    if ((mm + 1) * (nn + 1) > MAX_CELLS) return byOccurrence(L, R);
    for (const [i, j] of lcs(L, R, pre, mm, nn)) anchors.push([i, j]);
  }
  for (let k = suf; k > 0; k--) anchors.push([m - k, n - k]);
  return fillGaps(L, R, anchors);
}

function bonus(a: AlignItem, b: AlignItem): number {
  return (
    (a.inputsHash !== '' && a.inputsHash === b.inputsHash ? 2 : 0) +
    (a.model === b.model ? 1 : 0) +
    (a.outputsHash !== '' && a.outputsHash === b.outputsHash ? 1 : 0)
  );
}

/** Weighted LCS over L[off, off+mm) and R[off, off+nn); returns matched index pairs. */
function lcs(L: readonly AlignItem[], R: readonly AlignItem[], off: number, mm: number, nn: number): [number, number][] {
  // A match is worth more than any sum of bonuses (at most 4 each), so the count comes first.
  const big = 4 * Math.min(mm, nn) + 1;
  const w = nn + 1;
  const dp = new Float64Array((mm + 1) * w);
  for (let i = mm - 1; i >= 0; i--) {
    for (let j = nn - 1; j >= 0; j--) {
      let best = Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
      const a = L[off + i];
      const b = R[off + j];
      if (a.name === b.name) best = Math.max(best, big + bonus(a, b) + dp[(i + 1) * w + j + 1]);
      dp[i * w + j] = best;
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < mm && j < nn) {
    const a = L[off + i];
    const b = R[off + j];
    if (a.name === b.name && dp[i * w + j] === big + bonus(a, b) + dp[(i + 1) * w + j + 1]) {
      pairs.push([off + i, off + j]);
      i++;
      j++;
      continue;
    }
    const skipLeft = dp[(i + 1) * w + j];
    const skipRight = dp[i * w + j + 1];
    // On a tie, skip the item with the greater key: a rule that reads the same from either side.
    if (skipLeft > skipRight || (skipLeft === skipRight && a.key >= b.key)) i++;
    else j++;
  }
  return pairs;
}

/** Fills the stretches between matched pairs with moved, renamed, removed and added entries. */
function fillGaps(L: readonly AlignItem[], R: readonly AlignItem[], anchors: [number, number][]): AlignEntry[] {
  const gaps: { left: number[]; right: number[] }[] = [];
  let li = 0;
  let ri = 0;
  for (const [al, ar] of [...anchors, [L.length, R.length] as [number, number]]) {
    const gap = { left: [] as number[], right: [] as number[] };
    for (; li < al; li++) gap.left.push(li);
    for (; ri < ar; ri++) gap.right.push(ri);
    gaps.push(gap);
    li = al + 1;
    ri = ar + 1;
  }

  const movedFrom = pairMoved(L, R, gaps);
  const usedLeft = new Set(movedFrom.values());
  const out: AlignEntry[] = [];
  gaps.forEach((gap, k) => {
    const left = gap.left.filter((i) => !usedLeft.has(i));
    const right = gap.right.filter((j) => !movedFrom.has(j));
    const renamed = left.length === 1 && right.length === 1 && L[left[0]].spanType === R[right[0]].spanType;
    if (renamed) {
      out.push({ l: left[0], r: right[0], renamed: true });
      for (const j of gap.right) if (movedFrom.has(j)) out.push({ l: movedFrom.get(j), r: j, moved: true });
    } else {
      for (const i of left) out.push({ l: i });
      for (const j of gap.right) out.push(movedFrom.has(j) ? { l: movedFrom.get(j), r: j, moved: true } : { r: j });
    }
    if (k < anchors.length) out.push({ l: anchors[k][0], r: anchors[k][1] });
  });
  return out;
}

/** Leftovers of the same name across all gaps: equal content first, then in order. */
function pairMoved(L: readonly AlignItem[], R: readonly AlignItem[], gaps: { left: number[]; right: number[] }[]): Map<number, number> {
  const leftByName = new Map<string, number[]>();
  for (const g of gaps) for (const i of g.left) push(leftByName, L[i].name, i);
  const movedFrom = new Map<number, number>();
  if (leftByName.size === 0) return movedFrom;
  const rightByName = new Map<string, number[]>();
  for (const g of gaps) for (const j of g.right) if (leftByName.has(R[j].name)) push(rightByName, R[j].name, j);
  for (const [name, rights] of rightByName) {
    const lefts = leftByName.get(name)!.slice();
    const rest: number[] = [];
    for (const j of rights) {
      const k = lefts.findIndex((i) => L[i].key === R[j].key);
      if (k >= 0) movedFrom.set(j, lefts.splice(k, 1)[0]);
      else rest.push(j);
    }
    for (const j of rest) {
      if (lefts.length === 0) break;
      movedFrom.set(j, lefts.shift()!);
    }
  }
  return movedFrom;
}

/**
 * For sibling groups too large for the quadratic alignment (a loop of thousands of steps):
 * the k-th span of a name on the left pairs with the k-th of that name on the right, emitted
 * in the right's order, with the left's leftovers after.
 */
function byOccurrence(L: readonly AlignItem[], R: readonly AlignItem[]): AlignEntry[] {
  const lefts = new Map<string, number[]>();
  for (let i = 0; i < L.length; i++) push(lefts, L[i].name, i);
  const taken = new Map<string, number>();
  const used = new Set<number>();
  const out: AlignEntry[] = [];
  for (let j = 0; j < R.length; j++) {
    const name = R[j].name;
    const queue = lefts.get(name);
    const k = taken.get(name) ?? 0;
    const i = queue && k < queue.length ? queue[k] : undefined;
    if (i !== undefined) taken.set(name, k + 1);
    if (i === undefined) out.push({ r: j });
    else {
      used.add(i);
      out.push({ l: i, r: j });
    }
  }
  for (let i = 0; i < L.length; i++) if (!used.has(i)) out.push({ l: i });
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
