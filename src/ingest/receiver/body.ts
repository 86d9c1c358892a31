/**
 * A request body, read with limits: the bytes on the wire (Content-Length checked before
 * reading, then counted as they stream, since a sender may lie or use chunked encoding) and,
 * for gzip/deflate bodies, the inflated size, so a small compressed "bomb" stops at the cap
 * instead of filling memory.
 */
import type { IncomingMessage } from 'node:http';
import zlib from 'node:zlib';

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface BodyLimits {
  /** bytes as received */
  maxBodyBytes: number;
  /** bytes after decompression */
  maxInflatedBytes: number;
}

const mib = (n: number) => `${(n / (1 << 20)).toFixed(n % (1 << 20) === 0 ? 0 : 1)} MiB`;

export function readRawBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes) {
    return Promise.reject(new HttpError(413, `request body of ${declared} bytes is over the limit of ${mib(limits.maxBodyBytes)}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (err: HttpError) => {
      if (done) return;
      done = true;
      chunks.length = 0;
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limits.maxBodyBytes) {
        fail(new HttpError(413, `request body is over the limit of ${mib(limits.maxBodyBytes)}`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.on('error', (err) => fail(new HttpError(400, `reading the request body failed: ${err.message}`)));
    req.on('close', () => { if (!req.complete) fail(new HttpError(400, 'the client closed the connection before the body was complete')); });
  });
}

/** The body as the sender meant it: decompressed per Content-Encoding, within the inflated cap. */
export async function decodeContentEncoding(raw: Buffer, encoding: string | undefined, limits: BodyLimits): Promise<Buffer> {
  const enc = (encoding ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'identity') return raw;
  const inflate = enc === 'gzip' || enc === 'x-gzip' ? zlib.gunzip : enc === 'deflate' ? zlib.inflate : undefined;
  if (!inflate) throw new HttpError(415, `unsupported Content-Encoding "${encoding}": send gzip, deflate or none`);
  return new Promise((resolve, reject) => {
    inflate(raw, { maxOutputLength: limits.maxInflatedBytes }, (err, out) => {
      if (!err) return resolve(out);
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        reject(new HttpError(413, `${enc} body inflates to more than the limit of ${mib(limits.maxInflatedBytes)}`));
      } else {
        reject(new HttpError(400, `the ${enc} body could not be decompressed: ${err.message}`));
      }
    });
  });
}
