/**
 * Two copies of the SDK in one process (the ESM and the CommonJS build, or the autotrace
 * preload's copy and the program's) share one tracer, so their spans form one tree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, it, expect, beforeAll } from 'vitest';
import { SDK_ROOT, tmpDir, checkFile, readRecords } from './helpers';

const dist = path.join(SDK_ROOT, 'dist');

beforeAll(() => {
  // `npm test` builds first; a lone run of this file builds the package itself.
  if (!fs.existsSync(path.join(dist, 'index.cjs'))) execFileSync(process.execPath, [path.join(SDK_ROOT, 'build.mjs')]);
}, 120_000);

describe('two copies of the SDK in one process', () => {
  it('the ESM and CommonJS builds share one tracer: spans from both nest in one tree', () => {
    const dir = tmpDir();
    const app = path.join(dir, 'mixed.mjs');
    const traces = path.join(dir, 'traces.jsonl');
    fs.writeFileSync(app, `
      import { createRequire } from 'node:module';
      import * as esm from ${JSON.stringify(path.join(dist, 'index.mjs'))};
      const cjs = createRequire(import.meta.url)(${JSON.stringify(path.join(dist, 'index.cjs'))});
      await esm.span('outer (esm)', async () => {
        await cjs.span('inner (cjs)', async () => {
          esm.span('leaf (esm)', () => undefined);
        });
      });
    `);
    const r = spawnSync(process.execPath, [app], { encoding: 'utf8', env: { ...process.env, SPANSCOPE_FILE: traces } });
    expect(r.status, r.stderr).toBe(0);
    expect(checkFile(traces)).toEqual([]);
    const records = readRecords(traces);
    const by = (n: string) => records.find((x) => x.name === n)!;
    expect(records).toHaveLength(3);
    expect(by('inner (cjs)').parent_id).toBe(by('outer (esm)').id);
    expect(by('leaf (esm)').parent_id).toBe(by('inner (cjs)').id);
  });
});
