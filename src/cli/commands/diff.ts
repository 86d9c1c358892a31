/**
 * `spanscope diff A B`: each side is `file[#trace]`, where trace is an id, `latest` (the
 * default) or `latest~N` (the N-th run before the latest), so `diff traces.jsonl#latest~1
 * traces.jsonl` compares the last two runs in one file.
 */
import fs from 'node:fs';
import { diffTraces, type DiffRow, type TraceDiff } from '../../core/diff';
import { BUNDLED_PRICING, costEstimator } from '../../core/pricing';
import type { Trace } from '../../core/trace';
import { UsageError } from '../args';
import { colours, formatCost, formatDuration, pad, type Colours } from '../format';
import { InputError, loadFull, printWarnings } from '../load';

export interface DiffOptions { json: boolean; changedOnly: boolean; color: boolean; failOnChange?: boolean }

export async function diff(args: string[], o: DiffOptions, out: NodeJS.WritableStream): Promise<number> {
  if (args.length !== 2) throw new UsageError('diff takes two traces: A[#trace] B[#trace]');
  const [left, right] = [await pick(args[0]), await pick(args[1])];
  const d = diffTraces(left, right, { estimateCost: costEstimator(BUNDLED_PRICING) });
  const changed = d.counts.changed + d.counts.added + d.counts.removed > 0;
  if (o.json) out.write(JSON.stringify(d, null, 2) + '\n');
  else out.write(diffText(d, left, right, o.changedOnly, colours(o.color)));
  return o.failOnChange && changed ? 1 : 0;
}

async function pick(arg: string): Promise<Trace> {
  const hash = fs.existsSync(arg) ? -1 : arg.lastIndexOf('#');
  const file = hash < 0 ? arg : arg.slice(0, hash);
  const which = hash < 0 ? 'latest' : arg.slice(hash + 1);
  const { traces, warnings } = await loadFull([file]);
  printWarnings(warnings);
  const newest = [...traces].sort((a, b) => b.startTime - a.startTime);
  const back = /^latest(?:~(\d+))?$/.exec(which);
  const t = back ? newest[Number(back[1] ?? 0)] : traces.find((x) => x.traceId === which);
  if (!t) throw new InputError(back ? `${file}: has ${traces.length} trace(s), no ${which}` : `${file}: no trace ${which}`);
  return t;
}

const MARK: Record<DiffRow['kind'], string> = { same: ' ', changed: '~', added: '+', removed: '-' };

function signed(v: number, fmt: (n: number) => string): string {
  return v === 0 ? '' : `${v > 0 ? '+' : '-'}${fmt(Math.abs(v))}`;
}

function diffText(d: TraceDiff, left: Trace, right: Trace, changedOnly: boolean, c: Colours): string {
  const lines: string[] = [];
  lines.push(c.bold(`${d.left.name} (${d.left.traceId})  →  ${d.right.name} (${d.right.traceId})`));
  const delta = [
    `duration ${formatDuration(d.left.duration)} → ${formatDuration(d.right.duration)} (${signed(d.delta.duration, formatDuration) || '±0'})`,
    `tokens ${d.left.inputTokens}+${d.left.outputTokens} → ${d.right.inputTokens}+${d.right.outputTokens}`,
    `cost ${formatCost(d.left.costUsd)} → ${formatCost(d.right.costUsd)}`,
  ];
  lines.push('  ' + delta.join('   '));
  lines.push(`  spans: ${d.counts.same} same, ${d.counts.changed} changed, ${c.green(`${d.counts.added} added`)}, ${c.red(`${d.counts.removed} removed`)}`);
  lines.push('');
  const paint = { same: (s: string) => s, changed: c.yellow, added: c.green, removed: c.red };
  for (const r of d.rows) {
    if (changedOnly && r.kind === 'same') continue;
    const node = r.right !== undefined ? right.nodes[r.right] : left.nodes[r.left!];
    const label = pad(`${'  '.repeat(r.depth)}${r.name}`, 44);
    const notes: string[] = [];
    if (r.delta) {
      const x = r.delta;
      if (x.duration) notes.push(signed(x.duration, formatDuration));
      if (x.inputTokens || x.outputTokens) notes.push(`tokens ${signed(x.inputTokens, String) || '±0'}/${signed(x.outputTokens, String) || '±0'}`);
      if (x.costUsd) notes.push(`cost ${signed(x.costUsd, formatCost)}`);
      if (x.statusChanged) notes.push(`status ${x.leftStatus}→${x.rightStatus}`);
      if (x.modelChanged) notes.push(`model ${x.leftModel ?? '-'}→${x.rightModel ?? '-'}`);
      if (x.inputsDiffer) notes.push('inputs differ');
      if (x.outputsDiffer) notes.push('outputs differ');
      if (x.renamed) notes.push(`renamed from ${left.nodes[r.left!].span.name}`);
      if (x.moved) notes.push('moved');
    } else notes.push(formatDuration(node.duration));
    lines.push(paint[r.kind](`${MARK[r.kind]} ${label} ${notes.join(', ')}`.trimEnd()));
  }
  return lines.join('\n') + '\n';
}
