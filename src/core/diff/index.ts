export { diffTraces } from './diff';
export { alignSiblings, type AlignEntry, type AlignItem } from './align';
export { canonicalJson, contentHash } from './content';
export type { DiffKind, DiffRow, DiffSideTotals, SpanDelta, TraceDiff } from './types';
