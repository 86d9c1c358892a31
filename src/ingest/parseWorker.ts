/**
 * The parse worker (dist/worker.js): a LocalRepository on its own thread, so reading a
 * 250 MB trace file never blocks the extension host. Requests and events as in
 * worker-protocol.ts. Started with a range task instead (rangeIndex.ts), it indexes that part
 * of one file, sends the rows and exits.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { JsonlIndex } from './store/jsonlIndex';
import { LocalRepository } from './store/localRepository';
import { RANGE_TASK, transferables, type RangeTask } from './store/rangeIndex';
import type { FileSummary, FlatTrace } from './types';
import { PART_SIZE, type WorkerMessage, type WorkerOptions, type WorkerRequest } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('parseWorker.ts runs only as a worker thread');
const task = (workerData as Record<string, unknown> | undefined)?.[RANGE_TASK] as RangeTask | undefined;
if (task) {
  const result = new JsonlIndex(task.file).readRange(task.start, task.end);
  port.postMessage(result, transferables(result));
} else serve(port);

function serve(port: MessagePort): void {
  const repo = new LocalRepository(workerData as WorkerOptions | undefined);
  const post = (m: WorkerMessage): void => port.postMessage(m);

  repo.onDidChange((change) => post({ type: 'change', change }));
  repo.onProgress((progress) => post({ type: 'progress', progress }));

  async function call(req: WorkerRequest): Promise<unknown> {
    switch (req.method) {
      case 'open': return repo.open(...req.args);
      case 'refresh': return repo.refresh(...req.args);
      case 'close': return repo.close(...req.args);
      case 'listFiles': return repo.listFiles();
      case 'getTrace': return repo.getTrace(...req.args);
      case 'getSpan': return repo.getSpan(...req.args);
      case 'setPricing': return repo.setPricing(...req.args);
    }
  }

  port.on('message', (req: WorkerRequest) => {
    call(req).then(
      (value) => reply(req, value, post),
      (err: unknown) => post({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) }),
    );
  });
}

function isFileSummary(v: unknown): v is FileSummary {
  return typeof v === 'object' && v !== null && Array.isArray((v as FileSummary).traces) && typeof (v as FileSummary).file === 'string';
}

/** Sends a result, its long arrays first in parts (see PART_SIZE). */
function reply(req: WorkerRequest, value: unknown, post: (m: WorkerMessage) => void): void {
  const id = req.id;
  const files = isFileSummary(value) ? [value] : Array.isArray(value) && value.every(isFileSummary) ? value : undefined;
  if (files) {
    let split = false;
    const light = files.map((f, file) => {
      if (f.traces.length <= PART_SIZE) return f;
      split = true;
      for (let i = 0; i < f.traces.length; i += PART_SIZE) {
        post({ type: 'part', id, kind: 'traces', file, items: f.traces.slice(i, i + PART_SIZE) });
      }
      return { ...f, traces: [] };
    });
    post({ type: 'result', id, value: isFileSummary(value) ? light[0] : light, parts: split });
    return;
  }
  if (req.method === 'getTrace' && value && (value as FlatTrace).rows.length > PART_SIZE) {
    const rows = (value as FlatTrace).rows;
    for (let i = 0; i < rows.length; i += PART_SIZE) post({ type: 'part', id, kind: 'rows', items: rows.slice(i, i + PART_SIZE) });
    post({ type: 'result', id, value: { ...(value as FlatTrace), rows: [] }, parts: true });
    return;
  }
  post({ type: 'result', id, value });
}

