/**
 * A small demo run in the native format, made on the spot so its times are recent: a RAG
 * agent answering two questions (the second hits a failing tool), with source links into the
 * demo program written beside it. No `vscode` import: scripts use it too.
 */
import { randomBytes } from 'node:crypto';

export const DEMO_SOURCE = `"""A retrieval-augmented agent, as traced in the Spanscope demo."""


def embed_query(question):
    return embedder.embed(question)


def vector_search(vector, k=4):
    return index.search(vector, k=k)


def retrieve_context(question):
    vector = embed_query(question)
    return vector_search(vector)


def plan(question, docs):
    return llm.chat(model="gpt-4o-mini", messages=[
        {"role": "system", "content": "Plan which tools to call."},
        {"role": "user", "content": question},
    ])


def web_search(query):
    return search_api.get(query)


def compose_answer(question, docs, results):
    return llm.chat(model="gpt-4o", messages=[
        {"role": "user", "content": question},
    ])


def answer_question(question):
    docs = retrieve_context(question)
    steps = plan(question, docs)
    results = [web_search(q) for q in steps.queries]
    return compose_answer(question, docs, results)
`;

/** line of each function's body in DEMO_SOURCE */
const LINES: Record<string, number> = {
  embed_query: 5, vector_search: 9, retrieve_context: 13, plan: 18, web_search: 25,
  compose_answer: 29, answer_question: 35,
};

function uuid7(ms: number): string {
  const b = randomBytes(16);
  b.writeUIntBE(Math.floor(ms), 0, 6);
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function iso(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  return `${d.toISOString().slice(0, 19)}.${String(Math.floor(us % 1_000_000)).padStart(6, '0')}Z`;
}

function stamp(us: number): string {
  return iso(us).replace(/[-:.]/g, '');
}

interface Step {
  name: string;
  type: string;
  /** µs after the parent's start */
  at: number;
  /** µs */
  dur: number;
  fn: string;
  extra?: Record<string, unknown>;
  children?: Step[];
}

function question(q: string, failing: boolean): Step {
  const llm = (model: string, inTok: number, outTok: number, cost: number, content: string) => ({
    model, provider: 'openai',
    usage: { input_tokens: inTok, output_tokens: outTok, total_tokens: inTok + outTok },
    cost_usd: cost,
    inputs: { messages: [{ role: 'user', content: q }] },
    outputs: { messages: [{ role: 'assistant', content }] },
  });
  const search: Step = failing
    ? { name: 'web_search', type: 'tool', at: 1_210_000, dur: 320_000, fn: 'web_search', extra: {
      status: 'error', inputs: { query: q },
      error: { type: 'TimeoutError', message: 'search API did not answer within 300 ms', stack: 'Traceback (most recent call last):\n  File "rag_agent.py", line 25, in web_search\nTimeoutError: search API did not answer within 300 ms' },
    } }
    : { name: 'web_search', type: 'tool', at: 1_210_000, dur: 410_000, fn: 'web_search', extra: { inputs: { query: q }, outputs: { results: 3 } } };
  return {
    name: 'answer_question', type: 'agent', at: 0, dur: 3_050_000, fn: 'answer_question', extra: { inputs: { question: q } },
    children: [
      { name: 'retrieve_context', type: 'chain', at: 12_000, dur: 420_000, fn: 'retrieve_context', children: [
        { name: 'embed_query', type: 'embedding', at: 5_000, dur: 140_000, fn: 'embed_query', extra: { model: 'text-embedding-3-small', usage: { input_tokens: 12, total_tokens: 12 }, cost_usd: 0.0000002 } },
        { name: 'vector_search', type: 'retriever', at: 150_000, dur: 260_000, fn: 'vector_search', extra: { inputs: { k: 4 }, outputs: { documents: ['Spans are written when they end.', 'dotted_order sorts a trace in pre-order.'] } } },
      ] },
      { name: 'plan', type: 'llm', at: 440_000, dur: 760_000, fn: 'plan', extra: llm('gpt-4o-mini', 412, 96, 0.00012, 'Search the web for recent figures, then answer.') },
      search,
      { name: 'compose_answer', type: 'llm', at: 1_640_000, dur: 1_390_000, fn: 'compose_answer', extra: llm('gpt-4o', 1830, 402, 0.00859, failing ? 'I could not reach the search service; here is what the documents say.' : 'Here is the answer, with sources.') },
    ],
  };
}

/** The demo's JSONL text: two traces, ending `minutesAgo` and now. */
export function demoTraceLines(sourceFile: string, nowMs = Date.now()): string {
  const lines: string[] = [];
  const emit = (s: Step, startUs: number, traceId: string | undefined, parentId: string | null, dotted: string) => {
    const id = uuid7(startUs / 1000);
    const tid = traceId ?? id;
    const order = `${dotted ? `${dotted}.` : ''}${stamp(startUs)}${id}`;
    for (const c of s.children ?? []) emit(c, startUs + c.at, tid, id, order);
    const { status, ...rest } = s.extra ?? {};
    lines.push(JSON.stringify({
      id, trace_id: tid, parent_id: parentId, dotted_order: order, name: s.name, span_type: s.type,
      start_time: iso(startUs), end_time: iso(startUs + s.dur), status: status ?? 'ok',
      ...rest,
      source: { file: sourceFile, line: LINES[s.fn], function: s.fn },
      service: 'rag-agent',
    }));
  };
  // Children are written before their parent, as a tracer writes spans when they end.
  emit(question('How large can a trace file get before Spanscope slows down?', true), (nowMs - 7 * 60_000) * 1000, undefined, null, '');
  emit(question('What does dotted_order give a trace reader?', false), (nowMs - 60_000) * 1000, undefined, null, '');
  return lines.join('\n') + '\n';
}
