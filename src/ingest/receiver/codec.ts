/**
 * OTLP/HTTP payloads in and out: the two encodings (binary protobuf, JSON) of requests and
 * responses, decoded with the generated OTLP types (otlp-root.js) and protobufjs. Requests come
 * out as OTLP/JSON objects, whichever encoding they arrived in.
 */
import Root from 'protobufjs/light.js';
import otlp from './proto/otlp-root.js';
import { HttpError } from './body';
import { resourceLogsJson, resourceSpansJson } from './pb-to-json';
import { screenPbSpans, screenTraceRequest, type Screened } from './validate';

export type Encoding = 'protobuf' | 'json';

const pb = otlp.opentelemetry.proto.collector;

/** The encoding a Content-Type asks for; a 415 for anything else. */
export function encodingOf(contentType: string | undefined): Encoding {
  const mime = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mime === 'application/x-protobuf' || mime === 'application/protobuf') return 'protobuf';
  if (mime === 'application/json') return 'json';
  throw new HttpError(415, `unsupported Content-Type "${contentType ?? ''}": send application/x-protobuf or application/json`);
}

export function contentTypeOf(encoding: Encoding): string {
  return encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json';
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new HttpError(400, `invalid JSON: ${(err as Error).message}`);
  }
}

function decodeProtobuf<T>(decode: () => T, what: string): T {
  try {
    return decode();
  } catch (err) {
    throw new HttpError(400, `invalid protobuf ${what}: ${(err as Error).message}`);
  }
}

export type Signal = 'traces' | 'logs' | 'metrics';

/** A trace request as OTLP/JSON with only its valid spans, and the count of each. */
export function decodeTraces(body: Buffer, encoding: Encoding): Screened {
  if (encoding === 'protobuf') {
    const req = decodeProtobuf(() => pb.trace.v1.ExportTraceServiceRequest.decode(body), 'ExportTraceServiceRequest');
    const screened = screenPbSpans(req.resourceSpans);
    return { ...screened, request: { resourceSpans: req.resourceSpans.map(resourceSpansJson) } };
  }
  try {
    return screenTraceRequest(parseJson(body));
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(400, `bad ExportTraceServiceRequest: ${(err as Error).message}`);
  }
}

/** The request as OTLP/JSON (metrics are only checked, not converted: nothing stores them). */
export function decodeRequest(signal: Exclude<Signal, 'traces'>, body: Buffer, encoding: Encoding): Record<string, unknown> | undefined {
  if (encoding === 'json') {
    const v = parseJson(body);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new HttpError(400, 'the JSON body is not an object');
    return v as Record<string, unknown>;
  }
  if (signal === 'logs') {
    const req = decodeProtobuf(() => pb.logs.v1.ExportLogsServiceRequest.decode(body), 'ExportLogsServiceRequest');
    return { resourceLogs: req.resourceLogs.map(resourceLogsJson) };
  }
  decodeProtobuf(() => pb.metrics.v1.ExportMetricsServiceRequest.decode(body), 'ExportMetricsServiceRequest');
  return undefined;
}

const REJECTED_FIELD: Record<Signal, 'rejectedSpans' | 'rejectedLogRecords' | 'rejectedDataPoints'> = {
  traces: 'rejectedSpans', logs: 'rejectedLogRecords', metrics: 'rejectedDataPoints',
};

/** Export<Signal>ServiceResponse: empty on full success, `partialSuccess` when some were rejected. */
export function encodeResponse(signal: Signal, encoding: Encoding, rejected = 0, errorMessage = ''): Buffer {
  const partial = rejected > 0 || errorMessage
    ? { partialSuccess: { [REJECTED_FIELD[signal]]: rejected, errorMessage } }
    : {};
  if (encoding === 'json') {
    // proto3 JSON writes int64 as a decimal string
    const json = rejected > 0 || errorMessage
      ? { partialSuccess: { [REJECTED_FIELD[signal]]: String(rejected), errorMessage } }
      : {};
    return Buffer.from(JSON.stringify(json));
  }
  const codec = signal === 'traces' ? pb.trace.v1.ExportTraceServiceResponse
    : signal === 'logs' ? pb.logs.v1.ExportLogsServiceResponse : pb.metrics.v1.ExportMetricsServiceResponse;
  return Buffer.from(codec.encode(partial).finish());
}

/** google.rpc.Status, the body OTLP/HTTP prescribes for failures. */
const Status = Root.Root.fromJSON({
  nested: { google: { nested: { rpc: { nested: { Status: { fields: {
    code: { type: 'int32', id: 1 },
    message: { type: 'string', id: 2 },
  } } } } } } },
}).lookupType('google.rpc.Status');

/** HTTP status to the gRPC code a Status carries. */
function grpcCode(http: number): number {
  if (http === 400 || http === 415) return 3; // INVALID_ARGUMENT
  if (http === 413) return 8; // RESOURCE_EXHAUSTED
  if (http === 404 || http === 405) return 12; // UNIMPLEMENTED
  if (http === 403) return 7; // PERMISSION_DENIED
  if (http === 503) return 14; // UNAVAILABLE
  return 13; // INTERNAL
}

export function encodeStatus(http: number, message: string, encoding: Encoding): Buffer {
  const status = { code: grpcCode(http), message };
  if (encoding === 'json') return Buffer.from(JSON.stringify(status));
  return Buffer.from(Status.encode(Status.create(status)).finish());
}

export function decodeStatus(body: Uint8Array): { code: number; message: string } {
  return Status.toObject(Status.decode(body), { defaults: true }) as { code: number; message: string };
}
