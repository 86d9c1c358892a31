// Writes the demo workspace `npm start` opens: traces made by running the SDK examples, plus
// OTLP, seed-format and hand-made native files, so every part of Spanscope has something to show.
//
//   node scripts/demo-workspace.mjs [dir]     (default .demo-workspace/)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AGENT_SOURCE, nativeTraceLines, otlpLines, traceliteLines, writeLines } from './trace-samples.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function runExample(label, cmd, args, { cwd, env }) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  if (r.status === 0) return { ok: true, note: `${label}: ran in ${Date.now() - t0} ms` };
  const why = r.error ? r.error.message : (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-3).join(' | ');
  return { ok: false, note: `${label}: did not run (${why})` };
}

/** Returns notes saying where each part came from. */
export function makeDemoWorkspace(dir = path.join(root, '.demo-workspace')) {
  const notes = [];
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });

  // 1. The Python SDK's example, run from a copy inside the workspace so its source links land here.
  const pyExample = path.join(root, 'examples', 'python');
  if (fs.existsSync(path.join(pyExample, 'rag_agent.py'))) {
    const to = path.join(dir, 'python');
    fs.cpSync(pyExample, to, { recursive: true, filter: (f) => !f.includes('__pycache__') && !f.endsWith('.jsonl') });
    const r = runExample('examples/python/rag_agent.py', 'python3', [path.join(to, 'rag_agent.py')], {
      cwd: to, env: { PYTHONPATH: path.join(root, 'sdk', 'python'), SPANSCOPE_FILE: path.join(to, 'traces.jsonl') },
    });
    notes.push(r.note);
  } else notes.push('examples/python/rag_agent.py: not in this checkout');

  // 2. The JS SDK's example (its sources stay in the checkout: links point there).
  const jsExample = path.join(root, 'examples', 'js', 'rag-agent.mjs');
  if (fs.existsSync(jsExample)) {
    const sdkBuild = path.join(root, 'sdk', 'js', 'build.mjs');
    if (fs.existsSync(sdkBuild) && !fs.existsSync(path.join(root, 'sdk', 'js', 'dist'))) {
      spawnSync(process.execPath, [sdkBuild], { cwd: path.join(root, 'sdk', 'js'), stdio: 'ignore' });
    }
    fs.mkdirSync(path.join(dir, 'js'), { recursive: true });
    const r = runExample('examples/js/rag-agent.mjs', process.execPath, [jsExample], {
      cwd: root, env: { SPANSCOPE_FILE: path.join(dir, 'js', 'traces.jsonl') },
    });
    notes.push(r.note);
  } else notes.push('examples/js/rag-agent.mjs: not in this checkout');

  // 3. When an example could not run, the SDK format's conformance fixtures stand in.
  if (!fs.existsSync(path.join(dir, 'python', 'traces.jsonl')) && !fs.existsSync(path.join(dir, 'js', 'traces.jsonl'))) {
    const fixtures = path.join(root, 'sdk', 'format', 'fixtures');
    for (const f of ['rag-trace.jsonl', 'llm-tool-calls.jsonl', 'error-span.jsonl']) {
      if (!fs.existsSync(path.join(fixtures, f))) continue;
      fs.mkdirSync(path.join(dir, 'fixtures'), { recursive: true });
      fs.copyFileSync(path.join(fixtures, f), path.join(dir, 'fixtures', f.replace(/\.jsonl$/, '.traces.jsonl')));
      notes.push(`fixtures/${f}: copied from sdk/format/fixtures (no example ran)`);
    }
  }

  // 4. A native file whose spans were recorded on another machine: jump to source matches by path tail.
  const now = Date.now();
  fs.mkdirSync(path.join(dir, 'shop', 'app'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'shop', 'app', 'agent.py'), AGENT_SOURCE);
  const recorded = '/home/ci/build/shop/app/agent.py';
  writeLines(path.join(dir, 'shop', 'shop.traces.jsonl'), [
    ...nativeTraceLines({ name: 'kettle_question', startMs: now - 50 * 60_000, sourceFile: recorded, failing: true }),
    ...nativeTraceLines({ name: 'handle_request', startMs: now - 5 * 60_000, sourceFile: recorded }),
  ]);
  notes.push('shop/shop.traces.jsonl: native sample, sources recorded under /home/ci/...');

  // 5. OTLP (Collector file exporter lines) and a TraceLite-style service trace.
  writeLines(path.join(dir, 'otel', 'collector-export.jsonl'), otlpLines({ startMs: now - 30 * 60_000, sourceFile: path.join(dir, 'shop', 'app', 'agent.py') }));
  writeLines(path.join(dir, 'services', 'checkout.jsonl'), traceliteLines({ startMs: now - 3 * 3600_000 }));
  notes.push('otel/collector-export.jsonl, services/checkout.jsonl: OTLP and TraceLite-style samples');

  // 6. The seed tracers' own files, when the shared fixtures sit beside the checkout.
  const seed = path.resolve(root, '..', 'shared', 'fixtures', 'seed-formats');
  if (fs.existsSync(seed)) {
    fs.cpSync(seed, path.join(dir, 'seed-formats'), { recursive: true });
    notes.push('seed-formats/: copied from ../shared/fixtures/seed-formats');
  }
  fs.writeFileSync(path.join(dir, 'README.md'), `# Spanscope demo workspace\n\nWritten by \`npm start\`; safe to delete.\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
  return { dir, notes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { dir, notes } = makeDemoWorkspace(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`demo workspace: ${dir}\n${notes.map((n) => `  ${n}`).join('\n')}`);
}
