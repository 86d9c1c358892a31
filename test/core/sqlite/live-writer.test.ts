/**
 * A real writer process keeps a TraceLite database open in WAL mode, with automatic
 * checkpoints off and a transaction begun but not committed, while we read the file.
 * Every committed span must be there, none of the uncommitted ones, and the main file must
 * be (nearly) empty so that only the WAL can have supplied them.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../../src/core/load';
import { readSqliteFile, sniffTraceDatabase } from '../../../src/core/readers/sqlite/index';
import { tempDir } from './python';
import { PY_PRELUDE, TRACELITE_SCHEMA } from './schemas';
import { walLayout } from './wal-layout';

const BATCHES = 3;
const PER_BATCH = 40;
const OPEN_ROWS = 400;

/**
 * Commands on stdin: `commit` commits the open transaction and begins another one with new
 * rows. Each state is announced on stdout with the ids committed so far.
 */
const WRITER = PY_PRELUDE + `
db = sys.argv[1]
schema = sys.argv[2]
batches, per_batch, open_rows = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
c = make(db, schema, wal=True)
c.execute('PRAGMA wal_autocheckpoint=0')
# A small page cache makes the open transaction spill its pages into the WAL as frames
# without a commit mark: the reader must see them and leave them out.
c.execute('PRAGMA cache_size=4')
base = 1795272511519888640
seq = 0
committed = []
def insert(batch, n):
    global seq
    ids = []
    for i in range(n):
        seq += 1
        sid = f'{seq:016x}'
        start = base + seq * 1000
        c.execute('INSERT INTO spans(trace_id, span_id, parent_span_id, name, kind, service_name, '
                  'status_code, start_time_ns, end_time_ns, duration_ns, attributes_json) '
                  'VALUES (?,?,?,?,?,?,?,?,?,?,?)',
                  (f'{batch:032x}', sid, None, f'step {seq} ✓', 'INTERNAL', 'live', 'OK',
                   start, start + 500, 500, json.dumps({'pad': 'x' * 400})))
        ids.append(sid)
    return ids
for b in range(batches):
    c.execute('BEGIN')
    ids = insert(b, per_batch)
    c.execute('COMMIT')
    committed += ids
c.execute('BEGIN')
pending = insert(100, open_rows)
print(json.dumps({'committed': committed, 'pending': pending}), flush=True)
for line in sys.stdin:
    if line.strip() == 'commit':
        c.execute('COMMIT')
        committed += pending
        c.execute('BEGIN')
        pending = insert(101, open_rows)
        print(json.dumps({'committed': committed, 'pending': pending}), flush=True)
`;

interface WriterState { committed: string[]; pending: string[] }

describe('a TraceLite database being written by a live process', () => {
  const dir = tempDir('live');
  const db = path.join(dir, 'live.db');
  let child: ChildProcessWithoutNullStreams | undefined;
  let lines: AsyncIterator<string> | undefined;

  afterAll(() => {
    child?.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function nextState(): Promise<WriterState> {
    const next = await lines!.next();
    if (next.done) throw new Error('writer exited');
    return JSON.parse(next.value) as WriterState;
  }

  it('shows every committed span and none of the open transaction, twice', async () => {
    child = spawn('python3', ['-c', WRITER, db, TRACELITE_SCHEMA, String(BATCHES), String(PER_BATCH), String(OPEN_ROWS)]);
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await nextState().catch((e) => { throw new Error(`${e}: ${stderr}`); });
    expect(child.exitCode).toBeNull(); // still running, connection open

    // The main file holds at most the page SQLite wrote when it switched to WAL: no table.
    expect(fs.statSync(db).size).toBeLessThanOrEqual(4096);
    const layout = walLayout(fs.readFileSync(`${db}-wal`));
    expect(layout.framesAfterLastCommit).toBeGreaterThan(0); // the open transaction is on disk

    expect(await sniffTraceDatabase(db)).toBe(true);
    const r1 = await readSqliteFile(db);
    expect(r1.format).toBe('tracelite-sqlite');
    expect(r1.warnings).toEqual([]);
    expect(r1.spans.map((s) => s.id).sort()).toEqual([...first.committed].sort());
    expect(first.committed).toHaveLength(BATCHES * PER_BATCH);
    const pending = new Set(first.pending);
    expect(r1.spans.some((s) => pending.has(s.id))).toBe(false);
    // ns times 1 µs apart beyond 2^53 keep their order
    const byStart = [...r1.spans].sort((a, b) => a.startTime - b.startTime).map((s) => s.id);
    expect(byStart).toEqual(first.committed);
    expect(r1.spans.find((s) => s.id === first.committed[0])!.name).toBe('step 1 ✓');

    child.stdin.write('commit\n');
    const second = await nextState();
    expect(second.committed).toHaveLength(BATCHES * PER_BATCH + OPEN_ROWS);
    expect(fs.statSync(db).size).toBeLessThanOrEqual(4096);
    const r2 = await readSqliteFile(db);
    expect(r2.spans.map((s) => s.id).sort()).toEqual([...second.committed].sort());
    const pending2 = new Set(second.pending);
    expect(r2.spans.some((s) => pending2.has(s.id))).toBe(false);
    // the loader that picks readers by content finds it too
    const viaLoader = await loadFile(db);
    expect(viaLoader.format).toBe('tracelite-sqlite');
    expect(viaLoader.spans).toHaveLength(second.committed.length);
    expect(child.exitCode).toBeNull();
  });
});
