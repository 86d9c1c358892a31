/**
 * The OTLP/HTTP receiver: `POST /v1/traces` (binary protobuf or JSON, optionally gzip) stored
 * as OTLP/JSON lines by an `OtlpFileSink`. `/v1/logs`: GenAI message events are joined to
 * their spans (genai-logs.ts), other log records are dropped; `/v1/metrics` is answered
 * without storing, so exporters sending every signal do not fail. Binds to loopback only: the
 * receiver is for programs on this machine (or forwarded to it).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeContentEncoding, HttpError, readRawBody, type BodyLimits } from './body';
import { contentTypeOf, decodeRequest, decodeTraces, encodeResponse, encodeStatus, encodingOf, type Encoding, type Signal } from './codec';
import { OtlpFileSink } from './file-sink';
import { GenAiLogJoiner } from './genai-logs';
import { applyRetention } from './retention';
import { rejectionMessage, type Screened } from './validate';

export interface ReceiverStats {
  requests: number;
  /** requests answered with an error status */
  failedRequests: number;
  spansAccepted: number;
  spansRejected: number;
  /** request body bytes as received (before decompression) */
  bytes: number;
}

export interface ReceiverOptions {
  port: number;
  /** where the OTLP/JSON files go */
  directory: string;
  host?: string;
  maxFileBytes?: number;
  retentionDays?: number;
  maxTotalBytes?: number;
  limits?: Partial<BodyLimits>;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** after each stored batch (and each rejection), with the running totals */
  onStats?: (stats: ReceiverStats) => void;
  /** join GenAI log events to their spans (default true) */
  joinGenAiLogs?: boolean;
}

const SIGNALS: Record<string, Signal> = { '/v1/traces': 'traces', '/v1/logs': 'logs', '/v1/metrics': 'metrics' };
const DEFAULT_LIMITS: BodyLimits = { maxBodyBytes: 32 << 20, maxInflatedBytes: 128 << 20 };
const DAY_MS = 86_400_000;
/** How long `stop` waits for requests in flight before closing their connections. */
const STOP_GRACE_MS = 2000;

/**
 * Only requests addressed to a loopback name: a web page that rebinds its own DNS name to
 * 127.0.0.1 would otherwise be same-origin with the receiver and could post into the workspace.
 * Ports are not checked, so a forwarded port (VS Code's Ports view) still works.
 */
function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return true; // HTTP/1.0 clients send none; a browser always does
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name === 'localhost' || name === '127.0.0.1' || name === '[::1]' || name.endsWith('.localhost');
}

export class OtlpReceiver {
  readonly stats: ReceiverStats = { requests: 0, failedRequests: 0, spansAccepted: 0, spansRejected: 0, bytes: 0 };
  readonly sink: OtlpFileSink;
  readonly joiner: GenAiLogJoiner | undefined;
  private readonly server: http.Server;
  private readonly limits: BodyLimits;
  private retentionTimer: NodeJS.Timeout | undefined;
  private boundPort = 0;

  constructor(private readonly opts: ReceiverOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.sink = new OtlpFileSink({ directory: opts.directory, maxFileBytes: opts.maxFileBytes ?? 100 << 20 });
    this.joiner = opts.joinGenAiLogs === false ? undefined : new GenAiLogJoiner();
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  get port(): number {
    return this.boundPort;
  }

  get endpoint(): string {
    return `http://${this.opts.host ?? '127.0.0.1'}:${this.boundPort}`;
  }

  /** Listens; rejects with the server's error (`code: 'EADDRINUSE'` when the port is taken). */
  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen({ host: this.opts.host ?? '127.0.0.1', port: this.opts.port }, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as AddressInfo).port;
    this.server.on('error', (err) => this.log('error', `receiver: ${err.message}`));
    void this.prune();
    this.retentionTimer = setInterval(() => void this.prune(), DAY_MS);
    this.retentionTimer.unref();
    return this.boundPort;
  }

  /** Stops accepting, lets requests in flight finish and their spans reach the file. */
  async stop(): Promise<void> {
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => this.server.closeAllConnections(), STOP_GRACE_MS);
      this.server.close(() => {
        clearTimeout(force);
        resolve();
      });
      this.server.closeIdleConnections();
    });
    await this.sink.flush();
  }

  /** Applies the retention settings now; the receiver also does it on start and daily. */
  async prune(): Promise<string[]> {
    try {
      const deleted = await applyRetention(this.opts.directory, {
        retentionDays: this.opts.retentionDays ?? 0,
        maxTotalBytes: this.opts.maxTotalBytes ?? 0,
        keep: this.sink.currentFile(),
      });
      if (deleted.length > 0) this.log('info', `receiver retention deleted ${deleted.length} file(s): ${deleted.join(', ')}`);
      return deleted;
    } catch (err) {
      this.log('warn', `receiver retention: ${(err as Error).message}`);
      return [];
    }
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.opts.log?.(level, message);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.stats.requests++;
    const pathname = (req.url ?? '/').split('?')[0];
    const signal = SIGNALS[pathname];
    let encoding: Encoding = 'json';
    try {
      if (!isLoopbackHost(req.headers.host)) {
        throw new HttpError(403, `requests must be addressed to localhost or 127.0.0.1, not "${req.headers.host}"`);
      }
      if (!signal) throw new HttpError(404, `no OTLP endpoint at ${pathname}: use /v1/traces, /v1/logs or /v1/metrics`);
      if (req.method !== 'POST') throw new HttpError(405, `${req.method} is not supported: OTLP/HTTP uses POST`);
      encoding = encodingOf(req.headers['content-type']);
      const raw = await readRawBody(req, this.limits);
      this.stats.bytes += raw.length;
      const body = await decodeContentEncoding(raw, req.headers['content-encoding'], this.limits);
      if (signal === 'traces') await this.storeTraces(decodeTraces(body, encoding), encoding, res);
      else {
        const request = decodeRequest(signal, body, encoding);
        if (signal === 'logs' && request && this.joiner) await this.storeLogEvents(request);
        this.reply(res, 200, encodeResponse(signal, encoding), encoding);
      }
    } catch (err) {
      this.stats.failedRequests++;
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof HttpError ? err.message : `internal error: ${(err as Error).message}`;
      this.log(status >= 500 ? 'error' : 'warn', `receiver: ${req.method} ${pathname} → ${status}: ${message}`);
      this.reply(res, status, encodeStatus(status, message, encoding), encoding, !req.complete);
      this.opts.onStats?.(this.stats);
    }
  }

  private async storeTraces(screened: Screened, encoding: Encoding, res: http.ServerResponse): Promise<void> {
    if (screened.accepted > 0) {
      this.joiner?.attach(screened.request);
      try {
        await this.sink.append([screened.request]);
      } catch (err) {
        // 503 is retryable for OTLP exporters: a full disk or a locked file may clear up.
        throw new HttpError(503, `the spans could not be stored in ${this.opts.directory}: ${(err as Error).message}`);
      }
    }
    this.stats.spansAccepted += screened.accepted;
    this.stats.spansRejected += screened.rejected;
    let message = '';
    if (screened.rejected > 0) {
      message = rejectionMessage(screened);
      this.log('warn', `receiver: ${message}`);
    }
    this.reply(res, 200, encodeResponse('traces', encoding, screened.rejected, message), encoding);
    this.opts.onStats?.(this.stats);
  }

  /** Spans already stored that log events arrived for, written again with them. */
  private async storeLogEvents(request: Record<string, unknown>): Promise<void> {
    const again = this.joiner!.addLogs(request);
    if (again.length === 0) return;
    try {
      await this.sink.append(again);
    } catch (err) {
      throw new HttpError(503, `the log events could not be stored in ${this.opts.directory}: ${(err as Error).message}`);
    }
  }

  /**
   * `close` when the request body was not read to its end (an early 413 or 415): the client may
   * still be sending. Node closes the connection as soon as such a response ends, under the
   * client's writes, and the client then sees EPIPE instead of this response. So the response
   * is written whole but ended only once the rest of the body has been read and dropped
   * (bounded, see drainRejected).
   */
  private reply(res: http.ServerResponse, status: number, body: Buffer, encoding: Encoding, close = false): void {
    if (res.headersSent) return;
    const headers: http.OutgoingHttpHeaders = { 'Content-Type': contentTypeOf(encoding), 'Content-Length': body.length };
    res.writeHead(status, headers);
    if (!close || res.req.complete) {
      res.end(body);
      return;
    }
    res.write(body);
    drainRejected(res.req, () => res.end());
  }
}

/** How much of a rejected body is read and dropped, and for how long, before the socket is cut. */
const DRAIN_MAX_BYTES = 256 << 20;
const DRAIN_MAX_MS = 15_000;

/**
 * Reads and drops the rest of a rejected request body, so the client finishes sending and
 * reads the error response; `done` once it has. A sender that goes on past the byte or time
 * bound (a hostile or endless body) has its socket destroyed: the bound keeps a rejected
 * request from costing more.
 */
function drainRejected(req: http.IncomingMessage, done: () => void): void {
  let left = DRAIN_MAX_BYTES;
  const timer = setTimeout(() => req.socket.destroy(), DRAIN_MAX_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) req.socket.destroy();
  });
  req.once('end', () => {
    clearTimeout(timer);
    done();
  });
  req.once('close', () => clearTimeout(timer));
  req.resume();
}
