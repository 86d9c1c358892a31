/** A receiver on a free loopback port writing into a fresh temp directory, and raw HTTP posts to it. */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { OtlpReceiver, type ReceiverOptions } from '../../../src/ingest/receiver';

export interface Running {
  receiver: OtlpReceiver;
  dir: string;
  url: string;
  warnings: string[];
  stop(): Promise<void>;
}

export async function startReceiver(opts: Partial<ReceiverOptions> = {}): Promise<Running> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanscope-receiver-'));
  const warnings: string[] = [];
  const receiver = new OtlpReceiver({
    port: 0,
    directory: path.join(dir, '.spanscope'),
    log: (level, m) => { if (level !== 'info') warnings.push(m); },
    ...opts,
  });
  await receiver.start();
  return {
    receiver, dir, url: receiver.endpoint, warnings,
    async stop() {
      await receiver.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The receiver's files, oldest first by name. */
export function storedFiles(r: Running): string[] {
  const d = r.receiver.sink.directory;
  if (!fs.existsSync(d)) return [];
  return fs.readdirSync(d).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(d, f));
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One POST; `body` may be a Buffer or a function that streams the body into the request. */
export function post(
  url: string,
  headers: http.OutgoingHttpHeaders,
  body: Buffer | ((req: http.ClientRequest) => void),
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    // A server that answers before the body is all sent closes the connection: the write
    // side then fails with EPIPE/ECONNRESET, which is expected once a response is in.
    req.on('error', reject);
    if (Buffer.isBuffer(body)) req.end(body);
    else body(req);
  });
}
