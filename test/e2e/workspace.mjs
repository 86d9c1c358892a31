// The e2e workspace: native, OTLP and seed-format trace files, and the program the native
// trace's spans point into. The native trace records its source under a path that does not
// exist here (as if written in a container), so jump to source must match it by its tail.
import fs from 'node:fs';
import path from 'node:path';
import { AGENT_SOURCE, nativeTraceLines, otlpLines, traceliteLines, uuid7, writeLines } from '../../scripts/trace-samples.mjs';

/** The path the native spans record: another machine's checkout of the same project. */
export const RECORDED_SOURCE = '/home/ci/build/shop-assistant/app/agent.py';

export function makeWorkspace(dir, sharedFixtures) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'app'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'app', 'agent.py'), AGENT_SOURCE);
  fs.writeFileSync(path.join(dir, 'README.md'), '# shop assistant\n');
  const now = Date.now();
  writeLines(path.join(dir, 'traces.jsonl'), [
    ...nativeTraceLines({ name: 'kettle_question', startMs: now - 20 * 60_000, sourceFile: RECORDED_SOURCE, failing: true }),
    ...nativeTraceLines({ name: 'handle_request', startMs: now - 2 * 60_000, sourceFile: RECORDED_SOURCE }),
  ]);
  // Jump to source when the recorded path is ambiguous (two worker.py) or matches nothing.
  for (const svc of ['svc-a', 'svc-b']) {
    fs.mkdirSync(path.join(dir, svc), { recursive: true });
    fs.writeFileSync(path.join(dir, svc, 'worker.py'), `# ${svc}\n\ndef work():\n    return "${svc}"\n`);
  }
  writeLines(path.join(dir, 'ties.traces.jsonl'), sourceCaseLines(now - 40 * 60_000));
  // A generic name: read only because the OTLP reader claims its first line.
  writeLines(path.join(dir, 'otel', 'collector-export.jsonl'), otlpLines({ startMs: now - 30 * 60_000, sourceFile: '/srv/app/agent.py' }));
  writeLines(path.join(dir, 'services', 'checkout.jsonl'), traceliteLines({ startMs: now - 3 * 3600_000 }));
  // Not a trace: must not show up.
  writeLines(path.join(dir, 'logs', 'app.jsonl'), ['{"level":"info","msg":"started"}']);
  // Never looked at.
  writeLines(path.join(dir, 'node_modules', 'pkg', 'traces.jsonl'), nativeTraceLines({ name: 'vendored_trace', sourceFile: 'x.py' }));

  const copied = [];
  if (sharedFixtures && fs.existsSync(sharedFixtures)) {
    for (const rel of ['tracelite/tracelite_spans.jsonl', 'traceforge/traceforge.db', 'tracelm/tracelm_traces.db']) {
      const from = path.join(sharedFixtures, rel);
      if (!fs.existsSync(from)) continue;
      const to = path.join(dir, 'seed', rel);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
      copied.push(rel);
    }
  }
  return { copied };
}

function sourceCaseLines(startMs) {
  const iso = (ms) => new Date(ms).toISOString();
  const root = uuid7(startMs);
  const span = (id, parent, name, at, source) => JSON.stringify({
    id, trace_id: root, parent_id: parent, name, span_type: parent ? 'tool' : 'chain',
    start_time: iso(startMs + at), end_time: iso(startMs + at + 100), status: 'ok', ...(source ? { source } : {}),
  });
  return [
    span(uuid7(startMs + 1), root, 'tie_span', 1, { file: '/opt/build/worker.py', line: 3, function: 'work' }),
    span(uuid7(startMs + 2), root, 'lost_span', 2, { file: '/nowhere/at/all/missing_module.py', line: 1 }),
    span(root, null, 'source_cases', 0),
  ];
}

/** Lines of a new trace, appended while VS Code watches the file. */
export function lateTraceLines() {
  return nativeTraceLines({ name: 'late_request', startMs: Date.now() - 5000, sourceFile: RECORDED_SOURCE });
}
