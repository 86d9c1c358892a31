/** The diff view's header: the two traces and the deltas of the whole run. */
import type { DiffViewData, DiffViewSide } from '../../src/protocol/diff-view';
import { formatUsd } from '../tokens/cost';
import { el, icon } from '../shared/dom';
import { formatDuration, formatTimestamp, formatTokens } from '../shared/format';
import { signed } from './delta';

function sideLabel(s: DiffViewSide, which: 'left' | 'right'): HTMLElement {
  // The side's totals as data, so an end-to-end test can check them against the tokens view.
  const attrs = {
    'data-testid': `diff-${which}-trace`, 'data-trace-id': s.traceId, 'data-input-tokens': String(s.inputTokens),
    'data-output-tokens': String(s.outputTokens), 'data-cost': String(s.costUsd), 'data-duration': String(s.duration),
  };
  return el('div', { className: `side side-${which}`, attrs },
    el('span', 'side-mark', which === 'left' ? 'A' : 'B'),
    el('span', 'side-name', s.name || s.traceId.slice(0, 8)),
    el('span', 'muted', ` ${formatTimestamp(s.startTime)}`),
    // Files outside the workspace come as absolute paths: the name is shown, the path on hover.
    el('span', { className: 'muted side-files', title: s.files.join('\n') }, s.files.map((f) => f.split(/[\\/]/).pop() ?? f).join(', ')));
}

/** `lowerIsBetter` picks the colour: a slower, costlier run is the "worse" direction. */
function card(label: string, testid: string, from: string, to: string, delta: number, fmt: (n: number) => string, note?: string): HTMLElement {
  const dir = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
  return el('div', { className: `card delta-${dir}` },
    el('div', 'card-label', label),
    el('div', { className: 'card-delta', attrs: { 'data-testid': testid, 'data-value': String(delta) } }, signed(delta, fmt)),
    el('div', 'card-range muted', `${from} → ${to}`),
    note ? el('div', 'card-note muted', note) : null);
}

export function renderSummary(d: DiffViewData): HTMLElement {
  const l = d.left;
  const r = d.right;
  const tokens = (s: DiffViewSide) => s.inputTokens + s.outputTokens;
  const estimated = l.estimatedCostUsd > 0 || r.estimatedCostUsd > 0;
  const counts = el('div', { className: 'card counts' },
    el('div', 'card-label', 'Spans'),
    el('div', 'count-list',
      count('changed', d.counts.changed, 'diff', 'changed'),
      count('added', d.counts.added, 'add', 'added'),
      count('removed', d.counts.removed, 'remove', 'removed'),
      count('same', d.counts.same, 'check', 'same')),
    el('div', 'card-range muted', `${l.spanCount} → ${r.spanCount}`));
  return el('header', 'summary',
    el('div', 'sides', sideLabel(l, 'left'), icon('arrow-right'), sideLabel(r, 'right')),
    el('div', 'cards',
      card('Duration', 'diff-delta-duration', formatDuration(l.duration), formatDuration(r.duration), d.delta.duration, formatDuration),
      card('Tokens', 'diff-delta-tokens', formatTokens(tokens(l)), formatTokens(tokens(r)), tokens(r) - tokens(l), formatTokens,
        `in ${signed(d.delta.inputTokens, formatTokens)} · out ${signed(d.delta.outputTokens, formatTokens)}`),
      card('Cost', 'diff-delta-cost', formatUsd(l.costUsd), formatUsd(r.costUsd), d.delta.costUsd, formatUsd,
        estimated ? `≈ partly estimated (prices of ${d.pricingDate})` : undefined),
      counts));
}

function count(label: string, n: number, codicon: string, kind: string): HTMLElement {
  return el('span', { className: `count count-${kind}`, attrs: { 'data-testid': `diff-count-${kind}`, 'data-value': String(n) } },
    icon(codicon), el('span', 'count-n', String(n)), ` ${label}`);
}
