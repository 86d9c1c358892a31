/**
 * A Python client (the Python SDK's inject) calling a Node http server wrapped with this
 * SDK's server wrapper: the two processes' files together hold one trace.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawnSync, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { describe, it, expect } from 'vitest';
import { configure, flush, span, wrapHttpHandler } from '../src/index';
import { readRecords, latest, tmpDir, checkFile, SDK_ROOT } from './helpers';

const PY_SDK = path.resolve(SDK_ROOT, '../python');
const hasPython = spawnSync('python3', ['--version']).status === 0 && fs.existsSync(path.join(PY_SDK, 'spanscope/propagation.py'));
if (!hasPython) console.warn('SKIPPED cross-language test: needs python3 and sdk/python/spanscope');

const CLIENT = `
import os, sys, urllib.request
sys.path.insert(0, os.environ["PY_SDK"])
from spanscope import configure, span, flush
from spanscope.propagation import inject
configure(file=os.environ["OUT"], service="py-client")
with span("py client", "agent"):
    with span("call node", "tool"):
        req = urllib.request.Request(os.environ["URL"], headers=inject({}))
        print(urllib.request.urlopen(req).read().decode())
flush()
`;

describe.skipIf(!hasPython)('Python client → Node service', () => {
  it('yields one trace across both processes and both files', async () => {
    const dir = tmpDir();
    const nodeFile = path.join(dir, 'node.jsonl');
    const pyFile = path.join(dir, 'py.jsonl');
    configure({ file: nodeFile, service: 'node-service' });
    const server = http.createServer(wrapHttpHandler((req, res) => {
      span('answer', { spanType: 'chain' }, () => res.end('hello from node'));
    }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ask`;
    try {
      const py = spawn('python3', ['-c', CLIENT], { env: { ...process.env, PY_SDK, OUT: pyFile, URL: url } });
      let out = '';
      let err = '';
      py.stdout.on('data', (d) => (out += d));
      py.stderr.on('data', (d) => (err += d));
      const code = await new Promise<number | null>((r) => py.on('close', r));
      expect(code, err).toBe(0);
      expect(out.trim()).toBe('hello from node');
    } finally {
      server.close();
    }
    await flush();
    expect(checkFile(nodeFile)).toEqual([]);
    expect(checkFile(pyFile)).toEqual([]);
    const recs = latest([...readRecords(pyFile), ...readRecords(nodeFile)]);
    const all = [...recs.values()];
    const root = all.find((r) => r.name === 'py client')!;
    expect(new Set(all.map((r) => r.trace_id))).toEqual(new Set([root.id]));
    const call = all.find((r) => r.name === 'call node')!;
    const served = all.find((r) => r.name === 'GET /ask')!;
    expect(served.service).toBe('node-service');
    expect(served.parent_id).toBe(call.id);
    expect(all.find((r) => r.name === 'answer')!.parent_id).toBe(served.id);
  });
});
