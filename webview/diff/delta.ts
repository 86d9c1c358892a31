/** Labels and classes for a row's deltas: what changed, in which direction, how much. */
import { formatUsd } from '../tokens/cost';
import type { DiffViewRow } from '../../src/protocol/diff-view';
import { formatDuration, formatTokens } from '../shared/format';

export interface Badge {
  text: string;
  /** css class: slower, faster, costlier, cheaper, more, fewer, status, model, moved */
  kind: string;
  title: string;
}

/** Timing noise: under this share of the left duration (and 1 ms) a duration change is not shown. */
const DURATION_NOISE = 0.05;

export function signed(v: number, fmt: (n: number) => string): string {
  if (v === 0) return '±0';
  return `${v > 0 ? '+' : '−'}${fmt(Math.abs(v))}`;
}

export function rowBadges(r: DiffViewRow): Badge[] {
  const d = r.delta;
  if (!d || !r.left || !r.right) return [];
  const out: Badge[] = [];
  const base = Math.max(r.left.duration, 1);
  if (Math.abs(d.duration) >= 1000 && Math.abs(d.duration) / base >= DURATION_NOISE) {
    const pct = Math.round((d.duration / base) * 100);
    out.push({
      text: `${signed(d.duration, formatDuration)}`,
      kind: d.duration > 0 ? 'slower' : 'faster',
      title: `${d.duration > 0 ? 'slower' : 'faster'}: ${formatDuration(r.left.duration)} → ${formatDuration(r.right.duration)} (${pct > 0 ? '+' : ''}${pct}%)`,
    });
  }
  const tokens = d.inputTokens + d.outputTokens;
  if (d.inputTokens !== 0 || d.outputTokens !== 0) {
    out.push({
      text: `${signed(tokens, formatTokens)} tok`,
      kind: tokens > 0 ? 'more' : tokens < 0 ? 'fewer' : 'status',
      title: `input tokens ${signed(d.inputTokens, String)}, output tokens ${signed(d.outputTokens, String)}`,
    });
  }
  if (Math.abs(d.costUsd) > 1e-12) {
    const est = r.left.costEstimated || r.right.costEstimated;
    out.push({
      text: `${est ? '≈' : ''}${signed(d.costUsd, formatUsd)}`,
      kind: d.costUsd > 0 ? 'costlier' : 'cheaper',
      title: `cost ${formatUsd(r.left.costUsd ?? 0)} → ${formatUsd(r.right.costUsd ?? 0)}${est ? ' (estimated from the price table)' : ''}`,
    });
  }
  if (d.statusChanged) out.push({ text: `${d.leftStatus} → ${d.rightStatus}`, kind: d.rightStatus === 'error' ? 'worse' : d.leftStatus === 'error' ? 'better' : 'status', title: 'status changed' });
  if (d.modelChanged) out.push({ text: `${d.leftModel ?? '—'} → ${d.rightModel ?? '—'}`, kind: 'model', title: 'model changed' });
  if (d.renamed) out.push({ text: `renamed`, kind: 'moved', title: `was "${r.renamedFrom ?? r.left.name}"` });
  if (d.moved) out.push({ text: 'moved', kind: 'moved', title: 'the same step at another place among its siblings' });
  return out;
}

/** True when the row is worth stopping at with "next change". */
export function isChange(r: DiffViewRow): boolean {
  return r.kind !== 'same';
}
