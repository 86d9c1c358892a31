/**
 * Configuration from the environment, overridable in code by `configure`.
 * SPANSCOPE_FILE, SPANSCOPE_SERVICE, SPANSCOPE_ENABLED, SPANSCOPE_SAMPLE_RATE,
 * SPANSCOPE_MAX_TRACES_PER_SECOND, OTEL_EXPORTER_OTLP_ENDPOINT / _TRACES_ENDPOINT.
 */
import path from 'node:path';
import type { SpanRecord } from './types';
import type { Exporter } from './export/exporter';

export type RedactHook = (record: SpanRecord) => SpanRecord | null | undefined;

export interface SpanscopeConfig {
  /** output file; relative paths resolve against the working directory at configure time */
  file: string | null;
  service: string | undefined;
  enabled: boolean;
  /** fraction of new traces kept, decided on the trace id */
  sampleRate: number;
  /** at most this many new traces per second are kept (0 = no limit) */
  maxTracesPerSecond: number;
  /** applied to every record before it is written; return null to drop the record */
  redact: RedactHook | undefined;
  /** capture a `span()` call site's file and line (one V8 stack capture per span) */
  captureSource: boolean;
  /** OTLP/HTTP JSON endpoint base (…/v1/traces is appended unless given as traces endpoint) */
  otlpEndpoint: string | undefined;
  otlpHeaders: Record<string, string>;
  /** extra exporters, alongside the file and OTLP ones */
  exporters: Exporter[];
  /** per-model prices in USD per million tokens, merged over the bundled table */
  pricing: Record<string, ModelPrice>;
  /** milliseconds between background writes */
  flushIntervalMs: number;
  /** queued bytes beyond which spans are written synchronously instead of queued */
  maxQueueBytes: number;
}

export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

function envBool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  return !/^(0|false|no|off)$/i.test(v.trim());
}

function envNum(v: string | undefined, dflt: number, min: number, max: number): number {
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : dflt;
}

function parseHeaders(v: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (v ?? '').split(',')) {
    const i = part.indexOf('=');
    if (i > 0) out[decodeURIComponent(part.slice(0, i).trim())] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): SpanscopeConfig {
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return {
    file: path.resolve(env.SPANSCOPE_FILE || 'traces.jsonl'),
    service: env.SPANSCOPE_SERVICE || env.OTEL_SERVICE_NAME || undefined,
    enabled: envBool(env.SPANSCOPE_ENABLED, true),
    sampleRate: envNum(env.SPANSCOPE_SAMPLE_RATE, 1, 0, 1),
    maxTracesPerSecond: envNum(env.SPANSCOPE_MAX_TRACES_PER_SECOND, 0, 0, Number.MAX_SAFE_INTEGER),
    redact: undefined,
    captureSource: envBool(env.SPANSCOPE_CAPTURE_SOURCE, true),
    otlpEndpoint: tracesEndpoint || (base ? base.replace(/\/+$/, '') + '/v1/traces' : undefined),
    otlpHeaders: parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS ?? env.OTEL_EXPORTER_OTLP_HEADERS),
    exporters: [],
    pricing: {},
    flushIntervalMs: 100,
    maxQueueBytes: 64 * 1024 * 1024,
  };
}
