/** The details pane of the selected span. Every value from the span goes in as text. */
import type { Span } from '../../src/core/model';
import type { ViewRow, ViewSummary } from '../../src/protocol/trace-view';
import { clear, el, icon } from '../shared/dom';
import { formatCost, formatDuration, formatTimestamp, formatTokens } from '../shared/format';
import { renderJsonTree, stringValue } from '../shared/json-view';
import { extractTranscript } from '../shared/transcript';
import { renderTranscript } from '../shared/transcript-view';
import { TYPE_ICONS } from './icons';

export interface DetailsEvents {
  onOpenSource(spanId: string): void;
  onCopy(text: string): void;
}

export interface DetailsInput {
  row: ViewRow;
  summary: ViewSummary;
  /** the full span once the host sent it */
  span?: Span;
  loadError?: string;
}

export class DetailsPane {
  readonly element: HTMLElement;

  constructor(private readonly events: DetailsEvents) {
    this.element = el('aside', { className: 'details', attrs: { 'aria-label': 'Span details', tabindex: '-1' } });
    this.empty('Select a span to see its details.');
  }

  empty(message: string): void {
    clear(this.element);
    this.element.appendChild(el('div', 'details-empty muted', message));
  }

  show(d: DetailsInput): void {
    const { row, span } = d;
    const scroll = this.element.scrollTop;
    const sameSpan = this.element.dataset.spanId === row.id;
    clear(this.element);
    this.element.dataset.spanId = row.id;
    this.element.append(this.header(d), this.timing(d));
    const error = span?.error ?? (row.error ? { message: row.error } : undefined);
    if (error || row.status === 'error') {
      this.element.appendChild(section('Error', 'error', el('div', 'error-box',
        el('div', 'error-message', error?.type ? `${error.type}: ${error.message}` : error?.message ?? 'failed'),
        error && 'stack' in error && error.stack ? el('pre', 'error-stack', error.stack) : null)));
    }
    if (span?.model ?? row.model) this.element.appendChild(this.modelSection(row, span));
    if (!span) {
      this.element.appendChild(el('div', 'details-loading muted',
        d.loadError ? `Could not load this span's inputs and outputs: ${d.loadError}` : 'Loading inputs and outputs…'));
    } else {
      this.content(span);
    }
    if (sameSpan) this.element.scrollTop = scroll;
  }

  private header(d: DetailsInput): HTMLElement {
    const { row, span } = d;
    const statusIcon = row.status === 'error' ? 'error' : row.status === 'running' ? 'sync' : 'pass';
    const actions = el('div', 'details-actions');
    const source = span?.source;
    if (source || row.hasSource) {
      const label = source ? `${basename(source.file)}${source.line ? `:${source.line}` : ''}` : 'Open source';
      const link = el('button', { className: 'link-button source-link', title: source ? `${source.file}${source.line ? `:${source.line}` : ''}${source.function ? ` (${source.function})` : ''}` : 'Open the code that created this span', attrs: { type: 'button' } },
        icon('go-to-file'), ` ${label}`);
      link.addEventListener('click', () => this.events.onOpenSource(row.id));
      actions.appendChild(link);
    }
    const copyId = el('button', { className: 'icon-button', title: 'Copy span id', attrs: { type: 'button', 'aria-label': 'Copy span id' } }, icon('copy'));
    copyId.addEventListener('click', () => this.events.onCopy(row.id));
    actions.appendChild(copyId);
    if (span) {
      const copyJson = el('button', { className: 'icon-button', title: 'Copy span as JSON', attrs: { type: 'button', 'aria-label': 'Copy span as JSON' } }, icon('json'));
      copyJson.addEventListener('click', () => this.events.onCopy(JSON.stringify(span, null, 2)));
      actions.appendChild(copyJson);
    }
    return el('header', 'details-header',
      el('div', 'details-title',
        el('span', `type-icon type-${row.type}`, icon(TYPE_ICONS[row.type])),
        el('h2', 'span-name', row.name)),
      el('div', 'details-badges',
        el('span', 'badge', row.type),
        el('span', `badge status-${row.status}`, icon(statusIcon), ` ${row.status}`),
        row.critical ? el('span', 'badge critical', icon('flame'), ' critical path') : null,
        row.orphan ? el('span', 'badge', 'orphan') : null),
      actions);
  }

  private timing(d: DetailsInput): HTMLElement {
    const { row, summary } = d;
    const pct = summary.duration > 0 ? ` (${((row.duration / summary.duration) * 100).toFixed(1)}% of trace)` : '';
    return section('Timing', 'timing', facts([
      ['Start', `+${formatDuration(row.start)}`],
      ['Duration', `${formatDuration(row.duration)}${row.status === 'running' ? ' so far' : ''}${pct}`],
      ['Self time', formatDuration(row.selfTime)],
      ['Started at', formatTimestamp(summary.startTime + row.start)],
    ]));
  }

  private modelSection(row: ViewRow, span: Span | undefined): HTMLElement {
    const u = span?.usage;
    const rows: [string, string][] = [];
    const model = span?.model ?? row.model;
    if (model) rows.push(['Model', model]);
    if (span?.provider) rows.push(['Provider', span.provider]);
    if (u) {
      if (u.input_tokens !== undefined) rows.push(['Input tokens', formatTokenCount(u.input_tokens)]);
      if (u.cache_read_input_tokens !== undefined) rows.push(['Cached input', formatTokenCount(u.cache_read_input_tokens)]);
      if (u.output_tokens !== undefined) rows.push(['Output tokens', formatTokenCount(u.output_tokens)]);
      if (u.reasoning_tokens !== undefined) rows.push(['Reasoning tokens', formatTokenCount(u.reasoning_tokens)]);
      if (u.total_tokens !== undefined) rows.push(['Total tokens', formatTokenCount(u.total_tokens)]);
    } else if (row.tokens) {
      rows.push(['Tokens', formatTokenCount(row.tokens)]);
    }
    const cost = span?.costUsd ?? row.costUsd;
    if (cost !== undefined) rows.push(['Cost', formatCost(cost)]);
    return section('Model and usage', 'usage', facts(rows));
  }

  private content(span: Span): void {
    const transcript = extractTranscript(span.inputs, span.outputs);
    if (transcript) {
      this.element.appendChild(section('Conversation', 'conversation', renderTranscript(transcript)));
      this.element.appendChild(section('Raw inputs', 'inputs', renderJsonTree(span.inputs, 'Inputs'), false));
      if (span.outputs !== undefined) this.element.appendChild(section('Raw outputs', 'outputs', renderJsonTree(span.outputs, 'Outputs'), false));
    } else {
      if (span.inputs !== undefined) this.element.appendChild(section('Inputs', 'inputs', valueView(span.inputs, 'Inputs')));
      if (span.outputs !== undefined) this.element.appendChild(section('Outputs', 'outputs', valueView(span.outputs, 'Outputs')));
    }
    if (span.metadata && Object.keys(span.metadata).length > 0) this.element.appendChild(section('Metadata', 'metadata', renderJsonTree(span.metadata, 'Metadata')));
    if (span.tags && span.tags.length > 0) {
      this.element.appendChild(section('Tags', 'tags', el('div', 'tags', ...span.tags.map((t) => el('span', 'tag', String(t))))));
    }
    if (span.events && span.events.length > 0) {
      const list = el('ol', 'events');
      for (const ev of span.events) {
        list.appendChild(el('li', 'event',
          el('div', 'event-head', el('span', 'event-time muted', `+${formatDuration(ev.time - span.startTime)}`), el('span', 'event-name', String(ev.name))),
          ev.attributes && Object.keys(ev.attributes).length > 0 ? renderJsonTree(ev.attributes, `${ev.name} attributes`) : null));
      }
      this.element.appendChild(section(`Events (${span.events.length})`, 'events', list));
    }
    const ids: [string, string][] = [['Span id', span.id], ['Trace id', span.traceId]];
    if (span.parentId) ids.push(['Parent id', span.parentId]);
    if (span.service) ids.push(['Service', span.service]);
    if (span.kind) ids.push(['Kind', span.kind]);
    if (span.source) ids.push(['Source', `${span.source.file}${span.source.line ? `:${span.source.line}` : ''}${span.source.function ? ` in ${span.source.function}` : ''}`]);
    if (span.origin) ids.push(['Recorded in', `${span.origin.file}${span.origin.line !== undefined ? `:${span.origin.line}` : ''}`]);
    this.element.appendChild(section('Identity', 'identity', facts(ids), false));
  }
}

function section(title: string, key: string, body: HTMLElement, open = true): HTMLElement {
  const d = el('details', { className: `section section-${key}` }, el('summary', 'section-title', title), body);
  d.open = open;
  return d;
}

function facts(rows: [string, string][]): HTMLElement {
  const dl = el('dl', 'facts');
  for (const [k, v] of rows) dl.append(el('dt', '', k), el('dd', '', v));
  return dl;
}

function valueView(v: unknown, label: string): HTMLElement {
  return typeof v === 'string' ? el('div', 'msg-text', stringValue(v)) : renderJsonTree(v, label);
}

function formatTokenCount(n: number): string {
  return n >= 1000 ? `${n.toLocaleString('en-US')} (${formatTokens(n)})` : String(n);
}

function basename(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}
