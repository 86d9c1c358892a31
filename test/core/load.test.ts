import { chmodSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFile, loadFullSpan } from '../../src/core/load';

const dir = mkdtempSync(path.join(os.tmpdir(), 'spanscope-load-'));
const put = (name: string, content: string | Buffer): string => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};
const formats = path.resolve(__dirname, '../fixtures/formats');

describe('loadFile errors name the file', () => {
  it('missing file', async () => {
    const file = path.join(dir, 'nope.jsonl');
    await expect(loadFile(file)).rejects.toThrow(`${file}: no such file`);
  });

  it('directory', async () => {
    const sub = path.join(dir, 'sub');
    mkdirSync(sub, { recursive: true });
    await expect(loadFile(sub)).rejects.toThrow(`${sub}: is a directory`);
  });

  // root reads any file whatever its mode, so the check only means something for other users
  it.skipIf(process.getuid?.() === 0)('unreadable file', async () => {
    const file = put('secret.jsonl', '{}\n');
    chmodSync(file, 0o000);
    await expect(loadFile(file)).rejects.toThrow(`${file}: cannot read it (permission denied)`);
  });

  it('unknown format: binary bytes, text, a JSON document of another kind', async () => {
    const bin = put('blob.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3]));
    await expect(loadFile(bin)).rejects.toThrow(new RegExp(`^${bin}: not a trace format`));
    const txt = put('notes.txt', 'hello\nworld\n');
    await expect(loadFile(txt)).rejects.toThrow(`${txt}: not a trace format Spanscope reads (line 1: not valid JSON`);
    const pkg = put('package.json', JSON.stringify({ name: 'x', version: '1.0.0' }, null, 2));
    await expect(loadFile(pkg)).rejects.toThrow(`${pkg}: a JSON document Spanscope does not read`);
  });

  it('a log file whose lines only look like spans', async () => {
    const log = put('app.log.jsonl', '{"level":"info","name":"http","trace_id":"abc","start_time":"2026-11-21T10:00:00Z","msg":"GET /"}\n');
    await expect(loadFile(log)).rejects.toThrow(`${log}: not a trace format Spanscope reads (line 1: record has no "id")`);
  });

  it('an empty file is an empty native trace file, not an error', async () => {
    const empty = put('empty.jsonl', '');
    expect(await loadFile(empty)).toEqual({ format: 'native', spans: [], warnings: [] });
  });
});

describe('loadFile detection by content, not name', () => {
  it('reads OTLP saved under a misleading name, and a one-line native file', async () => {
    const otlp = path.join(dir, 'trace.log');
    copyFileSync(path.join(formats, 'otlp-genai-chat.json'), otlp);
    expect((await loadFile(otlp)).format).toBe('otlp');
    const one = put('one.txt', '{"id":"a","trace_id":"a","name":"solo","start_time":"2026-11-21T10:00:00Z","end_time":"2026-11-21T10:00:01Z"}');
    const r = await loadFile(one);
    expect(r.format).toBe('native');
    expect(r.spans.map((s) => s.name)).toEqual(['solo']);
  });

  it("reads Jaeger api/v3's OTLP wrapped in {result}", async () => {
    const doc = JSON.parse(readFileSync(path.join(formats, 'otlp-genai-chat.json'), 'utf8'));
    const r = await loadFile(put('jaeger-v3.json', JSON.stringify({ result: doc })));
    expect(r.format).toBe('otlp');
    expect(r.spans).toHaveLength(4);
    const streamed = await loadFile(put('jaeger-v3-stream.json', `${JSON.stringify({ result: doc })}\n${JSON.stringify({ result: doc })}\n`));
    expect(streamed.format).toBe('otlp');
    expect(streamed.spans).toHaveLength(4);
  });

  it('reads a JSON array of LangSmith runs', async () => {
    const runs = put('runs.json', JSON.stringify([
      { id: 'r1', trace_id: 'r1', name: 'root', run_type: 'chain', start_time: '2026-11-21T10:00:00Z', end_time: '2026-11-21T10:00:02Z' },
      { id: 'r2', trace_id: 'r1', parent_run_id: 'r1', name: 'llm', run_type: 'llm', start_time: '2026-11-21T10:00:01Z', end_time: '2026-11-21T10:00:02Z', prompt_tokens: 5, completion_tokens: 2 },
      { foo: 1 },
    ]));
    const r = await loadFile(runs);
    expect(r.format).toBe('native');
    expect(r.spans.map((s) => s.name)).toEqual(['root', 'llm']);
    expect(r.spans[1]!.usage).toEqual({ input_tokens: 5, output_tokens: 2, total_tokens: 7 });
    expect(r.warnings).toEqual([{ file: runs, message: 'item 2: not a span record of any known format' }]);
  });
});

describe('loadFile hands SQLite files to the SQLite readers', () => {
  it('detects the header whatever the file name', async () => {
    const file = path.join(dir, 'spans.data');
    // a real database written by python3's sqlite3 module, in TraceLite's schema
    execFileSync('python3', ['-c', `
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute('''CREATE TABLE spans (id INTEGER PRIMARY KEY, trace_id TEXT, span_id TEXT UNIQUE, parent_span_id TEXT,
  name TEXT, kind TEXT, service_name TEXT, status_code TEXT, status_description TEXT, start_time_ns INTEGER,
  end_time_ns INTEGER, duration_ns INTEGER, attributes_json TEXT, events_json TEXT, links_json TEXT,
  resource_json TEXT, created_at REAL)''')
db.execute("INSERT INTO spans VALUES (1, 'a28f9705a77a57a80e42d0d5c5f81f3a', '6cc0f9c4c7cdaaa5', NULL, 'GET /', 'SERVER', 'web', 'OK', '', 1795272511519888640, 1795272511522045322, 2156682, '{}', '[]', '[]', '{}', 0)")
db.commit()
`, file]);
    const r = await loadFile(file);
    expect(r.format).toBe('tracelite-sqlite');
    expect(r.spans.map((s) => s.name)).toEqual(['GET /']);
  });
});

describe('loadFullSpan', () => {
  it('re-reads a partial span from its byte range with the same format', async () => {
    const file = path.join(dir, 'running.jsonl');
    copyFileSync(path.join(formats, 'native-running.jsonl'), file);
    const { spans } = await loadFile(file);
    const full = spans.find((s) => s.name === 'chat gpt-4o-mini')!;
    const light = { ...full, inputs: undefined, outputs: undefined, events: undefined, partial: true };
    const loaded = await loadFullSpan(light);
    expect(loaded.inputs).toEqual(full.inputs);
    expect(loaded.outputs).toEqual(full.outputs);
    expect(loaded.events).toEqual(full.events);
    expect(loaded.partial).toBeUndefined();
  });

  it('finds one span of a multi-span OTLP line', async () => {
    const file = path.join(dir, 'collector.jsonl');
    copyFileSync(path.join(formats, 'otlp-collector.jsonl'), file);
    const { spans } = await loadFile(file);
    const child = spans.find((s) => s.name === 'SELECT items' && s.origin?.line === 4)!;
    const loaded = await loadFullSpan({ ...child, metadata: undefined, partial: true });
    expect(loaded.metadata).toEqual({ 'db.system': 'postgresql' });
    expect(loaded.id).toBe(child.id);
  });

  it('says where when the record changed under it', async () => {
    const file = put('changed.jsonl', '{"id":"a","trace_id":"a","name":"x","start_time":"2026-11-21T10:00:00Z"}\n');
    const { spans } = await loadFile(file);
    writeFileSync(file, 'garbage garbage garbage garbage garbage garbage garbage garbage\n');
    await expect(loadFullSpan({ ...spans[0]!, partial: true })).rejects.toThrow(`${file}:1:`);
  });

  it('returns a span that is not partial as it is', async () => {
    const span = { id: 'a', traceId: 'a', parentId: null, name: 'x', spanType: 'custom' as const, startTime: 1, status: 'ok' as const };
    expect(await loadFullSpan(span)).toBe(span);
  });
});
