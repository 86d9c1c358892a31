/** `spanscope export`: OTLP JSON for OpenTelemetry tools, Chrome trace JSON for Perfetto. */
import fs from 'node:fs';
import { toChromeTrace } from '../../core/export/chrome';
import { toOtlpJson } from '../../core/export/otlp';
import { UsageError } from '../args';
import { InputError, loadFull, printWarnings } from '../load';

export async function exportTraces(files: string[], o: { format?: string; traceId?: string; output?: string }, out: NodeJS.WritableStream): Promise<number> {
  if (o.format !== 'otlp' && o.format !== 'chrome') throw new UsageError('--format must be otlp or chrome');
  const { spans, traces, warnings } = await loadFull(files);
  printWarnings(warnings);
  let chosen = traces;
  if (o.traceId) {
    const newest = [...traces].sort((a, b) => b.startTime - a.startTime)[0];
    chosen = o.traceId === 'latest' ? (newest ? [newest] : []) : traces.filter((t) => t.traceId === o.traceId);
    if (chosen.length === 0) throw new InputError(`no trace ${o.traceId} in ${files.join(', ')}`);
  }
  const ids = new Set(chosen.map((t) => t.traceId));
  const picked = spans.filter((s) => ids.has(s.traceId));
  const doc = o.format === 'otlp' ? toOtlpJson(picked) : toChromeTrace(picked, chosen);
  const text = JSON.stringify(doc) + '\n';
  if (o.output && o.output !== '-') {
    fs.writeFileSync(o.output, text);
    process.stderr.write(`wrote ${picked.length} spans of ${chosen.length} trace${chosen.length === 1 ? '' : 's'} to ${o.output}\n`);
  } else out.write(text);
  return 0;
}
