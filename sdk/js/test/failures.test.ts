/** Tracing failures never reach user code; losses are counted and written down. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, vi, afterEach } from 'vitest';
import { span, configure, flush, shutdown, observe, FileExporter } from '../src/index';
import { readRecords, tmpDir, checkFile } from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('values that JSON cannot hold', () => {
  it('cycles, BigInt, throwing getters and toJSON, functions and symbols are stringified, never thrown', async () => {
    const file = path.join(tmpDir(), 't.jsonl');
    configure({ file });
    const cyclic: Record<string, unknown> = { n: 1n };
    cyclic.me = cyclic;
    const hostile = {
      get boom(): never { throw new Error('getter'); },
      toJSON(): never { throw new Error('toJSON'); },
    };
    const nested = { ok: true, inner: { fn: () => 1, sym: Symbol('x'), big: 2n, nan: NaN } };
    const weird = observe(function takesWeird(a: unknown, b: unknown, c: unknown) { return { a, b, c }; }, { name: 'weird' });
    expect(() => weird(cyclic, hostile, nested)).not.toThrow();
    await flush();
    expect(checkFile(file)).toEqual([]);
    const rec = readRecords(file).find((r) => r.name === 'weird')!;
    expect(rec.inputs).toMatchObject({ a: { n: '1n', me: '[Circular]' }, c: { ok: true, inner: { big: '2n', nan: 'NaN', sym: 'Symbol(x)' } } });
    // As in JSON.stringify, function-valued properties are left out.
    expect((rec.inputs as { c: { inner: object } }).c.inner).not.toHaveProperty('fn');
    expect(JSON.stringify(rec.inputs!.b)).toContain('[object Object]');
  });
});

describe('write failures', () => {
  it('an unwritable path: no throw, one stderr report; once writable, the loss is written as spanscope.dropped', async () => {
    const dir = tmpDir();
    const blocker = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocker, 'a file where a directory should be');
    const file = path.join(blocker, 'traces.jsonl');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    configure({ file });
    for (let i = 0; i < 3; i++) expect(() => span('lost', () => i)).not.toThrow();
    await flush();
    span('lost again', () => undefined);
    await flush();
    const reports = stderr.mock.calls.map((c) => String(c[0])).filter((m) => m.startsWith('spanscope:'));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain(file);
    // The path becomes writable: the next batch first records what was lost.
    fs.rmSync(blocker);
    fs.mkdirSync(blocker);
    span('written', () => undefined);
    await flush();
    const recs = readRecords(file);
    expect(checkFile(file)).toEqual([]);
    expect(recs[0]).toMatchObject({ name: 'spanscope.dropped', status: 'error', metadata: { 'spanscope.dropped': 4 } });
    expect(recs.map((r) => r.name)).toEqual(['spanscope.dropped', 'written']);
  });

  it('a descriptor closed behind the writer\'s back is reopened, nothing is lost', async () => {
    const file = path.join(tmpDir(), 'fd.jsonl');
    const exporter = new FileExporter(file);
    configure({ file: null, exporters: [exporter] });
    span('first', () => undefined);
    await flush();
    fs.closeSync((exporter as unknown as { fd: number }).fd);
    span('second', () => undefined);
    await flush();
    expect(readRecords(file).map((r) => r.name)).toEqual(['first', 'second']);
    await shutdown();
  });

  it('a throwing exporter does not stop the others or reach user code', async () => {
    const file = path.join(tmpDir(), 'x.jsonl');
    configure({ file, exporters: [{ export() { throw new Error('exporter bug'); } }] });
    expect(() => span('ok', () => undefined)).not.toThrow();
    await flush();
    expect(readRecords(file).map((r) => r.name)).toEqual(['ok']);
  });

  it('a burst beyond the queue bound is written synchronously, not dropped', async () => {
    const file = path.join(tmpDir(), 'burst.jsonl');
    configure({ file, maxQueueBytes: 64 * 1024 });
    span('burst', () => {
      for (let i = 0; i < 20_000; i++) span('s', (s) => s.setInputs({ i }));
    });
    // Before any flush, most of the burst is already on disk (back-pressure writes).
    expect(readRecords(file).length).toBeGreaterThan(15_000);
    await flush();
    const recs = readRecords(file).filter((r) => r.name === 's');
    expect(recs).toHaveLength(20_000);
    configure({ maxQueueBytes: 64 * 1024 * 1024 });
  });
});

describe('redaction', () => {
  it('the hook sees every record before it is written, may rewrite it or drop it', async () => {
    const file = path.join(tmpDir(), 'r.jsonl');
    configure({
      file,
      redact: (rec) => {
        if (rec.name === 'drop me') return null;
        const inputs = rec.inputs as Record<string, unknown> | undefined;
        if (inputs && 'api_key' in inputs) inputs.api_key = '[redacted]';
        return rec;
      },
    });
    const login = observe(function login(user: string, api_key: string) { return `hello ${user}`; }, { name: 'login' });
    await span('session', async () => {
      login('ada', 'sk-SECRET-123');
      span('drop me', (s) => s.setInputs({ card: '4111-SECRET' }));
    });
    await flush();
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('SECRET');
    expect(readRecords(file).find((r) => r.name === 'login')!.inputs).toEqual({ user: 'ada', api_key: '[redacted]' });
    expect(readRecords(file).map((r) => r.name).sort()).toEqual(['login', 'session']);
    expect(checkFile(file)).toEqual([]);
  });

  it('a hook that throws withholds the record rather than leaking it', async () => {
    const file = path.join(tmpDir(), 'r2.jsonl');
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    configure({ file, redact: () => { throw new Error('hook bug'); } });
    span('secret', (s) => s.setInputs({ password: 'hunter2' }));
    await flush();
    expect(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '').not.toContain('hunter2');
    configure({ redact: undefined });
  });
});
