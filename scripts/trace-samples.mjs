// Small sample trace files in the formats Spanscope reads: native JSONL, OTLP JSON lines (as
// the OpenTelemetry Collector's file exporter writes them) and a TraceLite-style JSONL (one
// of the seed tracers' formats). Used by the e2e suite and by `npm start`'s demo workspace.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const hex = (bytes) => crypto.randomBytes(bytes).toString('hex');

export function uuid7(ms) {
  const b = crypto.randomBytes(16);
  b.writeUIntBE(Math.floor(ms), 0, 6);
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const iso = (us) => `${new Date(Math.floor(us / 1000)).toISOString().slice(0, 19)}.${String(Math.floor(us % 1e6)).padStart(6, '0')}Z`;
const stamp = (us) => iso(us).replace(/[-:.]/g, '');

/** The program the native sample's spans point into; `AGENT_LINES` are their source lines. */
export const AGENT_SOURCE = `"""Shop assistant: retrieves products, plans, calls tools, answers."""


def search_products(query):
    return catalog.search(query, k=5)


def plan(question, products):
    return llm.chat(model="gpt-4o-mini", messages=[{"role": "user", "content": question}])


def check_stock(sku):
    return inventory.lookup(sku)


def answer(question, products, stock):
    return llm.chat(model="gpt-4o", messages=[{"role": "user", "content": question}])


def handle(question):
    products = search_products(question)
    steps = plan(question, products)
    stock = [check_stock(s) for s in steps.skus]
    return answer(question, products, stock)
`;
export const AGENT_LINES = { search_products: 5, plan: 9, check_stock: 13, answer: 17, handle: 21 };

/**
 * Native-format lines for one trace of the shop assistant, children written before parents.
 * `sourceFile` is recorded as the writer saw it (may not exist here).
 */
export function nativeTraceLines({ name = 'handle_request', startMs = Date.now() - 90_000, sourceFile, failing = false, question = 'Do you have the blue kettle in stock?' }) {
  const out = [];
  const root = { name, type: 'agent', at: 0, dur: 2_400_000, fn: 'handle', children: [
    { name: 'search_products', type: 'retriever', at: 10_000, dur: 300_000, fn: 'search_products', extra: { outputs: { documents: ['Blue kettle, 1.7 l', 'Red kettle, 1 l'] } } },
    { name: 'plan', type: 'llm', at: 320_000, dur: 700_000, fn: 'plan', extra: { model: 'gpt-4o-mini', provider: 'openai', usage: { input_tokens: 380, output_tokens: 64, total_tokens: 444 }, cost_usd: 0.0001,
      inputs: { messages: [{ role: 'user', content: question }] }, outputs: { messages: [{ role: 'assistant', content: 'Check stock of SKU 1001.' }] } } },
    failing
      ? { name: 'check_stock', type: 'tool', at: 1_030_000, dur: 200_000, fn: 'check_stock', extra: { status: 'error', inputs: { sku: '1001' }, error: { type: 'ConnectionError', message: 'inventory service refused the connection' } } }
      : { name: 'check_stock', type: 'tool', at: 1_030_000, dur: 200_000, fn: 'check_stock', extra: { inputs: { sku: '1001' }, outputs: { in_stock: 4 } } },
    { name: 'answer', type: 'llm', at: 1_240_000, dur: 1_150_000, fn: 'answer', extra: { model: 'gpt-4o', provider: 'openai', usage: { input_tokens: 910, output_tokens: 120, total_tokens: 1030 }, cost_usd: 0.0035,
      inputs: { messages: [{ role: 'user', content: question }] }, outputs: { messages: [{ role: 'assistant', content: 'Yes: 4 blue kettles are in stock.' }] } } },
  ] };
  const emit = (s, startUs, traceId, parentId, dotted) => {
    const id = uuid7(startUs / 1000);
    const tid = traceId ?? id;
    const order = `${dotted ? `${dotted}.` : ''}${stamp(startUs)}${id}`;
    for (const c of s.children ?? []) emit(c, startUs + c.at, tid, id, order);
    const { status, ...extra } = s.extra ?? {};
    out.push(JSON.stringify({
      id, trace_id: tid, parent_id: parentId, dotted_order: order, name: s.name, span_type: s.type,
      start_time: iso(startUs), end_time: iso(startUs + s.dur), status: status ?? 'ok', ...extra,
      source: { file: sourceFile, line: AGENT_LINES[s.fn], function: s.fn }, service: 'shop-assistant',
    }));
  };
  emit(root, startMs * 1000, undefined, null, '');
  return out;
}

/** One OTLP ExportTraceServiceRequest per line, with GenAI and code.* attributes. */
export function otlpLines({ startMs = Date.now() - 30 * 60_000, sourceFile }) {
  const traceId = hex(16);
  const rootId = hex(8);
  const ns = (ms) => String(BigInt(Math.round(ms * 1000)) * 1000n);
  const attr = (key, v) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } });
  const span = (id, parent, name, at, dur, attrs) => ({
    traceId, spanId: id, ...(parent ? { parentSpanId: parent } : {}), name, kind: parent ? 3 : 2,
    startTimeUnixNano: ns(startMs + at), endTimeUnixNano: ns(startMs + at + dur), attributes: attrs, status: { code: 1 },
  });
  const chatId = hex(8);
  const req = (spans) => JSON.stringify({ resourceSpans: [{ resource: { attributes: [attr('service.name', 'otel-summarizer')] },
    scopeSpans: [{ scope: { name: 'summarizer' }, spans }] }] });
  return [
    req([span(chatId, rootId, 'chat gpt-4o-mini', 20, 640, [
      attr('gen_ai.operation.name', 'chat'), attr('gen_ai.system', 'openai'), attr('gen_ai.request.model', 'gpt-4o-mini'),
      attr('gen_ai.usage.input_tokens', 1200), attr('gen_ai.usage.output_tokens', 150),
      attr('code.file.path', sourceFile), attr('code.line.number', 9),
    ])]),
    req([span(rootId, null, 'summarize_document', 0, 700, [attr('code.file.path', sourceFile), attr('code.line.number', 21)])]),
  ];
}

/** TraceLite-style lines: hex ids, epoch-ns times, status objects, children before parents. */
export function traceliteLines({ startMs = Date.now() - 3 * 3600_000 }) {
  const traceId = hex(16);
  const rootId = hex(8);
  const ns = (ms) => Number(BigInt(Math.round(ms)) * 1_000_000n);
  const span = (id, parent, name, service, at, dur, status = 'OK') => JSON.stringify({
    trace_id: traceId, span_id: id, parent_span_id: parent, name, kind: parent ? 'CLIENT' : 'SERVER',
    status: { code: status, description: status === 'ERROR' ? 'upstream timeout' : null }, attributes: { 'http.method': 'GET' },
    events: [], links: [], resource: { 'service.name': service },
    start_time_ns: ns(startMs + at), end_time_ns: ns(startMs + at + dur), duration_ns: dur * 1_000_000,
  });
  return [
    span(hex(8), rootId, 'GET /inventory', 'inventory', 5, 40),
    span(hex(8), rootId, 'GET /pricing', 'pricing', 50, 120, 'ERROR'),
    span(rootId, null, 'GET /checkout', 'gateway', 0, 200, 'ERROR'),
  ];
}

export function writeLines(file, lines) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
}
