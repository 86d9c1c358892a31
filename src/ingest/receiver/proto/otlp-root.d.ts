/**
 * Types for the parts of the generated OTLP module (otlp-root.js) the receiver uses. The
 * generated code sets every absent scalar or message field to null and every absent repeated
 * field to an empty array; 64-bit integers decode as long.js `Long` objects.
 */
import type Long from 'long';

export type Int64 = Long | number;

export interface PbAnyValue {
  stringValue: string | null;
  boolValue: boolean | null;
  intValue: Int64 | null;
  doubleValue: number | null;
  arrayValue: { values: PbAnyValue[] } | null;
  kvlistValue: { values: PbKeyValue[] } | null;
  bytesValue: Uint8Array | null;
}

export interface PbKeyValue {
  key: string | null;
  value: PbAnyValue | null;
}

export interface PbResource {
  attributes: PbKeyValue[];
  droppedAttributesCount: number | null;
}

export interface PbScope {
  name: string | null;
  version: string | null;
  attributes: PbKeyValue[];
  droppedAttributesCount: number | null;
}

export interface PbEvent {
  timeUnixNano: Int64 | null;
  name: string | null;
  attributes: PbKeyValue[];
  droppedAttributesCount: number | null;
}

export interface PbLink {
  traceId: Uint8Array | null;
  spanId: Uint8Array | null;
  traceState: string | null;
  attributes: PbKeyValue[];
  droppedAttributesCount: number | null;
  flags: number | null;
}

export interface PbSpan {
  traceId: Uint8Array | null;
  spanId: Uint8Array | null;
  traceState: string | null;
  parentSpanId: Uint8Array | null;
  flags: number | null;
  name: string | null;
  kind: number | null;
  startTimeUnixNano: Int64 | null;
  endTimeUnixNano: Int64 | null;
  attributes: PbKeyValue[];
  droppedAttributesCount: number | null;
  events: PbEvent[];
  droppedEventsCount: number | null;
  links: PbLink[];
  droppedLinksCount: number | null;
  status: { message: string | null; code: number | null } | null;
}

export interface PbResourceSpans {
  resource: PbResource | null;
  scopeSpans: { scope: PbScope | null; spans: PbSpan[]; schemaUrl: string | null }[];
  schemaUrl: string | null;
}

export interface PbLogRecord {
  timeUnixNano: Int64 | null;
  observedTimeUnixNano: Int64 | null;
  severityNumber: number | null;
  severityText: string | null;
  body: PbAnyValue | null;
  attributes: PbKeyValue[];
  droppedAttributesCount: number | null;
  flags: number | null;
  traceId: Uint8Array | null;
  spanId: Uint8Array | null;
  eventName: string | null;
}

export interface PbResourceLogs {
  resource: PbResource | null;
  scopeLogs: { scope: PbScope | null; logRecords: PbLogRecord[]; schemaUrl: string | null }[];
  schemaUrl: string | null;
}

interface Codec<Decoded, Encodable> {
  decode(buf: Uint8Array): Decoded;
  encode(message: Encodable): { finish(): Uint8Array };
}

interface PartialSuccess {
  partialSuccess?: { rejectedSpans?: number; rejectedLogRecords?: number; rejectedDataPoints?: number; errorMessage?: string };
}

declare const root: {
  opentelemetry: {
    proto: {
      collector: {
        trace: { v1: {
          ExportTraceServiceRequest: Codec<{ resourceSpans: PbResourceSpans[] }, never>;
          ExportTraceServiceResponse: Codec<unknown, PartialSuccess>;
        } };
        logs: { v1: {
          ExportLogsServiceRequest: Codec<{ resourceLogs: PbResourceLogs[] }, never>;
          ExportLogsServiceResponse: Codec<unknown, PartialSuccess>;
        } };
        metrics: { v1: {
          ExportMetricsServiceRequest: Codec<unknown, never>;
          ExportMetricsServiceResponse: Codec<unknown, PartialSuccess>;
        } };
      };
    };
  };
};
export default root;
