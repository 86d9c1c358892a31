/**
 * Checks an OTLP JSON request against the protobuf definition (otlp-trace.proto) with the
 * OTLP/JSON rules: lowerCamelCase field names, ids as hex, 64-bit integers as decimal
 * strings (or numbers), enums as integers. Returns every problem found, with its path.
 */
import path from 'node:path';
import protobuf from 'protobufjs';

const root = protobuf.loadSync(path.join(__dirname, 'otlp-trace.proto'));
const REQUEST = root.lookupType('opentelemetry.proto.ExportTraceServiceRequest');
const HEX_BYTES: Record<string, number> = { traceId: 32, spanId: 16, parentSpanId: 16 };

export function otlpProblems(json: unknown): string[] {
  const problems: string[] = [];
  checkMessage(REQUEST, json, '$', problems);
  return problems;
}

function checkMessage(type: protobuf.Type, value: unknown, at: string, out: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.push(`${at}: expected a ${type.name} object`);
    return;
  }
  const oneofSet: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const field = type.fields[key];
    if (!field) {
      out.push(`${at}.${key}: no such field in ${type.name}`);
      continue;
    }
    if (field.partOf) oneofSet.push(key);
    field.resolve();
    if (field.repeated) {
      if (!Array.isArray(v)) out.push(`${at}.${key}: expected an array`);
      else v.forEach((x, i) => checkField(field, key, x, `${at}.${key}[${i}]`, out));
    } else checkField(field, key, v, `${at}.${key}`, out);
  }
  if (oneofSet.length > 1) out.push(`${at}: more than one of ${oneofSet.join(', ')}`);
}

function checkField(field: protobuf.Field, key: string, v: unknown, at: string, out: string[]): void {
  if (field.resolvedType instanceof protobuf.Type) return checkMessage(field.resolvedType, v, at, out);
  if (field.resolvedType instanceof protobuf.Enum) {
    if (typeof v !== 'number' || !Object.values(field.resolvedType.values).includes(v)) out.push(`${at}: not a ${field.type} value`);
    return;
  }
  switch (field.type) {
    case 'bytes': {
      const n = HEX_BYTES[key];
      if (typeof v !== 'string' || (n !== undefined && !new RegExp(`^[0-9a-f]{${n}}$`).test(v))) out.push(`${at}: expected ${n} hex digits`);
      return;
    }
    case 'fixed64':
    case 'int64':
      if (!(typeof v === 'string' ? /^-?\d+$/.test(v) : Number.isSafeInteger(v))) out.push(`${at}: expected a 64-bit integer`);
      return;
    case 'string':
      if (typeof v !== 'string') out.push(`${at}: expected a string`);
      return;
    case 'bool':
      if (typeof v !== 'boolean') out.push(`${at}: expected a boolean`);
      return;
    case 'double':
      if (typeof v !== 'number') out.push(`${at}: expected a number`);
      return;
    case 'uint32':
    case 'fixed32':
      if (!Number.isInteger(v)) out.push(`${at}: expected an integer`);
      return;
    default:
      out.push(`${at}: unchecked type ${field.type}`);
  }
}
