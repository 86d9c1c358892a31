/**
 * The parse worker (dist/worker.js): a LocalRepository on its own thread, so reading a
 * 250 MB trace file never blocks the extension host. Requests and events as in
 * worker-protocol.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LocalRepository } from './store/localRepository';
import type { WorkerMessage, WorkerOptions, WorkerRequest } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('parseWorker.ts runs only as a worker thread');

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
  }
}

port.on('message', (req: WorkerRequest) => {
  call(req).then(
    (value) => post({ type: 'result', id: req.id, value }),
    (err: unknown) => post({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) }),
  );
});
