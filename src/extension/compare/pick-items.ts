/**
 * The items of the compare quick picks, built from trace summaries without VS Code so their
 * order is tested: newest first, and for the second pick the first trace's previous run (the
 * latest earlier trace of the same name) on top.
 */
import type { TraceSummary } from '../../ingest/types';
import { formatCost, formatDuration, formatTokens } from '../../../webview/shared/format';

export interface TracePickItem {
  label: string;
  description: string;
  detail: string;
  /** undefined for separators */
  trace?: TraceSummary;
  separator?: boolean;
}

export interface PickItemOptions {
  /** workspace-relative path of a file */
  relPath: (file: string) => string;
  /** epoch ms → local date and time */
  formatTime?: (ms: number) => string;
}

/** Every trace once (a trace split over files is listed in several summaries), newest first. */
export function uniqueTraces(lists: readonly (readonly TraceSummary[])[]): TraceSummary[] {
  const byId = new Map<string, TraceSummary>();
  for (const list of lists) for (const t of list) if (!byId.has(t.traceId)) byId.set(t.traceId, t);
  return [...byId.values()].sort((a, b) => b.startTime - a.startTime || (a.traceId < b.traceId ? -1 : 1));
}

/** The latest trace named like `first` that started before it. */
export function previousRun(traces: readonly TraceSummary[], first: TraceSummary): TraceSummary | undefined {
  let best: TraceSummary | undefined;
  for (const t of traces) {
    if (t.traceId === first.traceId || t.name !== first.name || t.startTime >= first.startTime) continue;
    if (!best || t.startTime > best.startTime) best = t;
  }
  return best;
}

export function traceItem(t: TraceSummary, o: PickItemOptions, note?: string): TracePickItem {
  const time = (o.formatTime ?? ((ms: number) => new Date(ms).toLocaleString()))(t.startTime / 1000);
  const tokens = t.inputTokens + t.outputTokens;
  const parts = [
    note,
    time,
    t.running ? 'running' : formatDuration(t.duration),
    tokens > 0 ? `${formatTokens(tokens)} tokens` : '',
    t.costUsd > 0 ? formatCost(t.costUsd) : '',
    `${t.spanCount} span${t.spanCount === 1 ? '' : 's'}`,
  ];
  return {
    label: `${t.errorCount ? '$(error) ' : t.running ? '$(loading~spin) ' : ''}${t.name || t.traceId.slice(0, 8)}`,
    description: parts.filter(Boolean).join(' · '),
    detail: t.files.map(o.relPath).join(', '),
    trace: t,
  };
}

/** Items of the first pick: every trace, newest first. */
export function firstPickItems(traces: readonly TraceSummary[], o: PickItemOptions): TracePickItem[] {
  return traces.map((t) => traceItem(t, o));
}

/**
 * Items of the second pick: the first trace's previous run on top (when there is one), then
 * every other trace newest first, the first trace itself left out.
 */
export function secondPickItems(traces: readonly TraceSummary[], first: TraceSummary, o: PickItemOptions): TracePickItem[] {
  const prev = previousRun(traces, first);
  const rest = traces.filter((t) => t.traceId !== first.traceId && t !== prev).map((t) => traceItem(t, o));
  if (!prev) return rest;
  return [
    { label: 'previous run', description: '', detail: '', separator: true },
    traceItem(prev, o, '$(history) previous run'),
    { label: 'all traces', description: '', detail: '', separator: true },
    ...rest,
  ];
}
