/**
 * A real writer in rollback-journal mode (as tracelm and TraceForge use it), then in WAL mode
 * with frequent checkpoints, commits continuously while we read: each transaction adds a run with three steps and rewrites
 * earlier steps, touching many pages. Every read must show a state some commit left (three
 * steps per run, all finished but the newest run's), unless it says the file kept changing
 * while read. Without the snapshot checks (src/core/readers/sqlite/snapshot.ts) the rollback
 * case sees "database disk image is malformed" or mixed states within a few reads; the WAL
 * case's race (the WAL restarting between our copies of the main file and of the WAL) is
 * rarer, so this test catches it only now and then.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { readSqliteFile } from '../../../src/core/readers/sqlite/index';
import { tempDir } from './python';
import { PY_PRELUDE, TRACEFORGE_SCHEMA } from './schemas';

const WRITER = PY_PRELUDE + `
import time, uuid
c = make(sys.argv[1], sys.argv[2])
if sys.argv[3] == 'wal':
    # Checkpoints every few commits, so frames move into the main file and the WAL restarts
    # (new salts, overwritten from its start) while we read.
    c.execute('PRAGMA journal_mode=WAL')
    c.execute('PRAGMA wal_autocheckpoint=16')
# No fsync: each commit's page writes are quick and frequent, so reads often land in one.
c.execute('PRAGMA synchronous=OFF')
print('ready', flush=True)
n = 0
while True:
    n += 1
    rid = str(uuid.uuid4())
    now = time.time()
    c.execute('BEGIN')
    c.execute('INSERT INTO runs VALUES (?,?,?,?,?,?)', (rid, f'run {n} ✓', now, None, 'running', '{}'))
    # finish the previous run and every step so far: many pages rewritten per commit
    c.execute("UPDATE runs SET ended_at = ?, status = 'success' WHERE run_id != ? AND ended_at IS NULL", (now, rid))
    c.execute('UPDATE steps SET ended_at = ?, output_data = ? WHERE ended_at IS NULL', (now, json.dumps({'out': 'x' * 300})))
    for k in range(3):
        c.execute('INSERT INTO steps (step_id, run_id, step_name, input_data, started_at) VALUES (?,?,?,?,?)',
                  (str(uuid.uuid4()), rid, f'step {k}', json.dumps({'in': 'y' * 300}), now))
    c.execute('COMMIT')
    time.sleep(0.003)  # a tracer between two steps; without any pause no read could settle
`;

const READS = 60;

describe.each(['rollback', 'wal'])('a TraceForge database committed to continuously (%s journal)', (mode) => {
  const dir = tempDir(mode);
  const db = path.join(dir, 'traceforge.db');
  const child = spawn('python3', ['-c', WRITER, db, TRACEFORGE_SCHEMA, mode]);
  afterAll(() => {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every read shows a committed state, or says the writer kept it busy', async () => {
    const first = await readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
    expect(first.value).toBe('ready');
    let stable = 0;
    let busy = 0;
    const sizes: number[] = [];
    for (let i = 0; i < READS; i++) {
      let r;
      try {
        r = await readSqliteFile(db);
      } catch (err) {
        // only a copy flagged as taken during writes may fail, and it must say so
        expect((err as Error).message).toMatch(/kept writing it; read it again/);
        busy++;
        continue;
      }
      const runs = r.spans.filter((s) => s.name.startsWith('run '));
      const steps = r.spans.filter((s) => s.name.startsWith('step '));
      sizes.push(runs.length);
      if (r.warnings.some((w) => /kept changing while it was read/.test(w.message))) {
        busy++;
        continue;
      }
      expect(r.warnings).toEqual([]);
      stable++;
      expect(steps.length).toBe(3 * runs.length);
      const running = runs.filter((s) => s.status === 'running');
      expect(running.length).toBe(runs.length === 0 ? 0 : 1);
      expect(steps.filter((s) => s.status === 'running')).toHaveLength(runs.length === 0 ? 0 : 3);
    }
    expect(child.exitCode).toBeNull();
    expect(sizes[sizes.length - 1]!).toBeGreaterThan(sizes[0]!); // the writer really wrote meanwhile
    console.log(`${mode} journal reads: ${stable} settled, ${busy} flagged busy`);
    expect(stable).toBeGreaterThan(busy);
  }, 120_000);
});
