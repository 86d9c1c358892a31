/**
 * What the explorer tree shows for a file, a trace and a span, as plain data. No `vscode`
 * import, so it is unit-tested as is; `tree-items.ts` turns it into TreeItems.
 */
import type { Span, SpanType } from '../../core/model';
import type { FileSummary, TraceRow, TraceSummary } from '../../ingest/types';

export interface ItemLook {
  label: string;
  description: string;
  /** codicon id */
  icon: string;
  /** theme colour id for the icon, when it carries meaning (errors) */
  iconColor?: string;
  /** markdown blocks; user content in them is already escaped */
  tooltip: string;
}

const SPAN_ICONS: Record<SpanType, string> = {
  llm: 'sparkle',
  tool: 'tools',
  retriever: 'search',
  chain: 'link',
  agent: 'robot',
  embedding: 'symbol-array',
  reranker: 'list-ordered',
  guardrail: 'shield',
  evaluator: 'checklist',
  custom: 'symbol-event',
};

export function spanIcon(type: SpanType | string): string {
  return SPAN_ICONS[type as SpanType] ?? 'circle-outline';
}

/** µs → "850 µs", "12 ms", "1.24 s", "2 min 5 s". */
export function formatDuration(us: number): string {
  if (!Number.isFinite(us) || us < 0) return '–';
  if (us < 1000) return `${Math.round(us)} µs`;
  const ms = us / 1000;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m - h * 60} min`;
}

export function formatTokens(n: number): string {
  if (n < 1000) return `${n}`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatCost(usd: number): string {
  if (usd <= 0) return '$0';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

/** Age of an epoch-µs time relative to `nowMs`: "just now", "2 min ago", "3 h ago", "5 days ago". */
export function formatAge(startUs: number, nowMs: number): string {
  const sec = Math.round((nowMs - startUs / 1000) / 1000);
  if (sec < 0) return 'in the future';
  if (sec < 45) return 'just now';
  const min = Math.round(sec / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 60) return `${d} day${d === 1 ? '' : 's'} ago`;
  return new Date(startUs / 1000).toISOString().slice(0, 10);
}

/** Escape text for a markdown tooltip: user and LLM content is never markup. */
export function mdText(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`).replace(/\r?\n/g, '  \n');
}

function sep(parts: (string | undefined | false)[]): string {
  return parts.filter((p): p is string => !!p).join(' · ');
}

export function describeFile(f: FileSummary, workspaceRel: string): ItemLook {
  const base = workspaceRel.split('/').pop() || workspaceRel;
  const dir = workspaceRel.slice(0, workspaceRel.length - base.length).replace(/\/$/, '');
  const warn = f.warnings.length ? `${f.warnings.length} warning${f.warnings.length === 1 ? '' : 's'}` : undefined;
  const tooltip = [
    `**${mdText(workspaceRel)}**`,
    `${mdText(f.format)} · ${f.traces.length} trace${f.traces.length === 1 ? '' : 's'} · ${f.spanCount} spans`,
    ...f.warnings.slice(0, 5).map((w) => `⚠ ${mdText(`${w.line ? `line ${w.line}: ` : ''}${w.message}`)}`),
  ].join('\n\n');
  return {
    label: base,
    description: sep([dir || undefined, `${f.traces.length} trace${f.traces.length === 1 ? '' : 's'}`, warn]),
    icon: f.warnings.length ? 'warning' : 'file',
    tooltip,
  };
}

export function describeTrace(t: TraceSummary, nowMs: number): ItemLook {
  const tokens = t.inputTokens + t.outputTokens;
  const description = sep([
    t.running ? 'running' : formatDuration(t.duration),
    tokens > 0 && `${formatTokens(tokens)} tok`,
    t.costUsd > 0 && formatCost(t.costUsd),
    formatAge(t.startTime, nowMs),
  ]);
  const tooltip = [
    `**${mdText(t.name)}**${t.errorCount ? ` — ${t.errorCount} error${t.errorCount === 1 ? '' : 's'}` : ''}`,
    sep([
      new Date(t.startTime / 1000).toLocaleString(),
      t.running ? 'running' : formatDuration(t.duration),
      `${t.spanCount} spans`,
    ]),
    sep([
      tokens > 0 && `${formatTokens(t.inputTokens)} in / ${formatTokens(t.outputTokens)} out tokens`,
      t.costUsd > 0 && formatCost(t.costUsd),
    ]),
    `\`${t.traceId}\``,
  ].filter((s) => s !== '').join('\n\n');
  return {
    label: t.name,
    description,
    icon: t.running ? 'loading~spin' : t.errorCount ? 'error' : 'pass',
    iconColor: t.errorCount ? 'errorForeground' : t.running ? undefined : 'testing.iconPassed',
    tooltip,
  };
}

function spanTokens(s: Span): number {
  const u = s.usage;
  if (!u) return 0;
  return u.total_tokens ?? (u.input_tokens ?? 0) + (u.output_tokens ?? 0);
}

export function describeSpan(row: TraceRow): ItemLook {
  const s = row.span;
  const tokens = spanTokens(s);
  const running = s.status === 'running';
  const description = sep([
    running ? 'running' : formatDuration(row.duration),
    tokens > 0 && `${formatTokens(tokens)} tok`,
    s.model,
  ]);
  const tooltip = [
    `**${mdText(s.name)}** (${mdText(s.spanType)})${s.status === 'error' ? ' — error' : running ? ' — running' : ''}`,
    sep([formatDuration(row.duration), `self ${formatDuration(row.selfTime)}`, row.critical && 'on the critical path']),
    sep([
      s.model && `model ${mdText(s.model)}`,
      s.usage && `${s.usage.input_tokens ?? 0} in / ${s.usage.output_tokens ?? 0} out tokens`,
      s.costUsd !== undefined && s.costUsd > 0 && formatCost(s.costUsd),
    ]),
    s.error ? `${mdText(s.error.type ? `${s.error.type}: ` : '')}${mdText(s.error.message)}` : '',
    s.source ? `${mdText(s.source.file)}${s.source.line ? `:${s.source.line}` : ''}${s.source.function ? ` in ${mdText(s.source.function)}` : ''}` : '',
    row.orphan ? 'parent span not found' : '',
  ].filter((x) => x !== '').join('\n\n');
  return {
    label: s.name,
    description,
    icon: running ? 'loading~spin' : s.status === 'error' ? 'error' : spanIcon(s.spanType),
    iconColor: s.status === 'error' ? 'errorForeground' : undefined,
    tooltip,
  };
}

export interface TraceFilter {
  errorsOnly: boolean;
  /** case-insensitive substring of the trace's name */
  name: string;
}

/** The tree's message line while a filter hides traces; undefined when none does. */
export function filterMessage(f: TraceFilter): string | undefined {
  const parts = [f.errorsOnly && 'traces with errors', f.name && `names containing "${f.name}"`].filter(Boolean);
  return parts.length ? `Showing only ${parts.join(' and ')}` : undefined;
}

export function traceMatches(t: TraceSummary, f: TraceFilter): boolean {
  if (f.errorsOnly && t.errorCount === 0) return false;
  if (f.name && !t.name.toLowerCase().includes(f.name.toLowerCase())) return false;
  return true;
}

/** Newest first; ties by name so the order is stable across refreshes. */
export function sortTraces(ts: readonly TraceSummary[]): TraceSummary[] {
  return [...ts].sort((a, b) => b.startTime - a.startTime || a.name.localeCompare(b.name));
}
