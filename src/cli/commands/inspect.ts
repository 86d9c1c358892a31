/** `spanscope inspect`: every trace, and its tree unless --summary. */
import { colours, formatCost, formatDuration, formatTime, formatTokens, pad, type Colours } from '../format';
import { inspectJson } from '../inspect-json';
import { loadLight, printWarnings } from '../load';
import { treePrefixes } from '../tree-lines';
import type { FlatTrace } from '../../ingest/types';

export interface InspectOptions {
  json: boolean;
  summary: boolean;
  traceId?: string;
  color: boolean;
}

export async function inspect(files: string[], o: InspectOptions, out: NodeJS.WritableStream): Promise<number> {
  const { traces: all, warnings } = await loadLight(files);
  const traces = o.traceId ? all.filter((t) => t.summary.traceId === o.traceId || (o.traceId === 'latest' && t === all[0])) : all;
  if (o.json) {
    out.write(JSON.stringify(inspectJson(traces, warnings, !o.summary), null, 2) + '\n');
    return 0;
  }
  printWarnings(warnings);
  const c = colours(o.color);
  if (traces.length === 0) {
    out.write(o.traceId ? `no trace ${o.traceId} in ${files.join(', ')}\n` : `no traces in ${files.join(', ')}\n`);
    return 0;
  }
  for (const t of traces) {
    out.write(traceHeader(t, c) + '\n');
    if (!o.summary) out.write(treeText(t, c));
  }
  if (!o.summary) out.write(c.dim('* on the critical path') + '\n');
  return 0;
}

function traceHeader(t: FlatTrace, c: Colours): string {
  const s = t.summary;
  const parts = [
    c.bold(s.name),
    formatTime(s.startTime),
    formatDuration(s.duration),
    `${s.spanCount} span${s.spanCount === 1 ? '' : 's'}`,
    s.errorCount ? c.red(`${s.errorCount} error${s.errorCount === 1 ? '' : 's'}`) : '',
    s.inputTokens + s.outputTokens ? `${formatTokens(s.inputTokens)} in / ${formatTokens(s.outputTokens)} out` : '',
    s.costUsd ? formatCost(s.costUsd) : '',
    s.running ? c.yellow('running') : '',
    c.dim(s.traceId),
  ];
  return parts.filter(Boolean).join('  ');
}

function treeText(t: FlatTrace, c: Colours): string {
  const prefixes = treePrefixes(t.rows);
  const labels = t.rows.map((r, i) => `${prefixes[i]}${r.span.name}`);
  const width = Math.min(60, Math.max(...labels.map((l) => [...l].length)) + 2);
  let text = '';
  t.rows.forEach((r, i) => {
    const s = r.span;
    const tokens = (s.usage?.input_tokens ?? 0) + (s.usage?.output_tokens ?? 0);
    const cols = [
      r.critical ? c.yellow('*') : ' ',
      pad(labels[i], width),
      pad(s.spanType, 10),
      pad(s.status === 'running' ? c.yellow('running') : formatDuration(r.duration), 8, true),
      tokens ? pad(`${formatTokens(s.usage?.input_tokens ?? 0)}→${formatTokens(s.usage?.output_tokens ?? 0)} tok`, 14) : pad('', 14),
      s.costUsd ? formatCost(s.costUsd) : '',
      s.model ? c.cyan(s.model) : '',
      r.orphan ? c.yellow('(orphan: parent not in these files)') : '',
      s.status === 'error' ? c.red(`✗ ${s.error?.type ? `${s.error.type}: ` : ''}${s.error?.message ?? 'error'}`) : '',
    ];
    text += `  ${cols.join(' ').trimEnd()}\n`;
  });
  return text;
}
