/**
 * Bars for tokens and cost: a stacked token bar (input, cache read, output, reasoning) and a
 * cost bar, each scaled to the largest value in its table so rows compare at a glance.
 */
import type { TokenTotals } from '../../src/core/analysis/rollup';
import { formatUsd } from './cost';
import { el } from '../shared/dom';
import { formatTokens } from '../shared/format';

/**
 * The parts of a span's tokens. Input tokens include the ones read from a prompt cache (as the
 * native format records them), so the bar splits input into uncached and cache read.
 */
export function tokenParts(t: TokenTotals): { kind: string; label: string; value: number }[] {
  const cache = Math.min(t.cacheReadTokens, t.inputTokens);
  return [
    { kind: 'input', label: 'input (uncached)', value: t.inputTokens - cache },
    { kind: 'cache', label: 'cache read', value: cache },
    { kind: 'output', label: 'output', value: t.outputTokens },
    { kind: 'reasoning', label: 'reasoning', value: t.reasoningTokens },
  ];
}

export function totalTokens(t: TokenTotals): number {
  return t.inputTokens + t.outputTokens;
}

export function tokenBar(t: TokenTotals, max: number): HTMLElement {
  const bar = el('div', { className: 'bar tokens-bar', attrs: { role: 'img' } });
  const parts = tokenParts(t);
  // Reasoning tokens are a part of output tokens: drawn over the output segment's end.
  const whole = Math.max(max, 1);
  for (const p of parts) {
    if (p.value <= 0 || p.kind === 'reasoning') continue;
    const seg = el('span', `seg seg-${p.kind}`);
    seg.style.width = `${(p.value / whole) * 100}%`;
    bar.appendChild(seg);
  }
  if (t.reasoningTokens > 0) {
    const r = el('span', 'seg seg-reasoning');
    r.style.width = `${(Math.min(t.reasoningTokens, t.outputTokens || t.reasoningTokens) / whole) * 100}%`;
    r.style.left = `${((t.inputTokens + Math.max(0, t.outputTokens - t.reasoningTokens)) / whole) * 100}%`;
    bar.appendChild(r);
  }
  bar.setAttribute('aria-label', parts.filter((p) => p.value > 0).map((p) => `${p.label} ${p.value}`).join(', ') || 'no tokens');
  bar.title = parts.map((p) => `${p.label}: ${p.value.toLocaleString('en-US')}`).join('\n');
  return bar;
}

export function costBar(cost: number, estimated: boolean, max: number): HTMLElement {
  const bar = el('div', { className: `bar cost-bar${estimated ? ' estimated' : ''}` });
  const seg = el('span', 'seg seg-cost');
  seg.style.width = `${max > 0 ? (cost / max) * 100 : 0}%`;
  bar.appendChild(seg);
  return bar;
}

export function costText(cost: number, estimated: boolean): HTMLElement {
  return el('span', { className: `cost${estimated ? ' estimated' : ''}`, title: estimated ? 'estimated from the price table' : 'as stated in the trace file' },
    cost > 0 || !estimated ? formatUsd(cost) : '—', estimated && cost > 0 ? el('span', 'est-mark', ' est.') : null);
}

export function tokenText(t: TokenTotals): string {
  const n = totalTokens(t);
  return n > 0 ? formatTokens(n) : '—';
}
