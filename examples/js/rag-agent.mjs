// A support agent answering questions over a small document set, traced with Spanscope.
// The LLM is a deterministic stand-in shaped like the OpenAI client (no network, no key):
// retrieval (embedding, vector search, rerank), parallel tool calls, a streamed answer,
// nested chains, and one flaky step that fails once and succeeds on retry.
//
//   npm run build            # builds sdk/js/dist
//   node examples/js/rag-agent.mjs        # writes ./traces.jsonl (or $SPANSCOPE_FILE)
import { observe, span, currentSpan, configure, flush, wrapOpenAI } from '../../sdk/js/dist/index.mjs';

configure({ service: process.env.SPANSCOPE_SERVICE || 'rag-agent-js' });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const DOCS = [
  { id: 'policy-returns', text: 'Items can be returned within 30 days of delivery for a full refund.' },
  { id: 'policy-shipping', text: 'Standard shipping takes 3-5 business days; express takes 1-2.' },
  { id: 'policy-warranty', text: 'Electronics carry a 2-year limited warranty covering defects.' },
  { id: 'faq-tracking', text: 'Track an order from the Orders page using the order number.' },
  { id: 'faq-damaged', text: 'Damaged items are replaced free of charge; send a photo within 7 days.' },
];
const ORDERS = { 'A-1001': { status: 'delivered', delivered: '2026-11-10', item: 'headphones' }, 'A-1002': { status: 'in transit', eta: '2026-11-24', item: 'kettle' } };

/** Words → a tiny deterministic vector, so "search" ranks documents the same on every run. */
function embedText(text) {
  const v = new Array(8).fill(0);
  for (const w of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    let h = 0;
    for (const c of w) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    v[h % 8] += 1;
  }
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

/** Shaped like the OpenAI SDK: chat.completions.create (also streaming) and embeddings.create. */
class ScriptedLLM {
  #latency;
  constructor(latency = 1) { this.#latency = latency; }
  chat = { completions: { create: (p) => this.#chat(p) } };
  embeddings = { create: async (p) => { await sleep(15 * this.#latency); return { data: [p.input].flat().map((t, i) => ({ index: i, embedding: embedText(t) })), usage: { prompt_tokens: String(p.input).split(/\s+/).length, total_tokens: String(p.input).split(/\s+/).length } }; } };

  async #chat(params) {
    const last = params.messages.at(-1);
    const promptTokens = params.messages.reduce((n, m) => n + Math.ceil(String(m.content ?? '').length / 4), 0);
    await sleep(60 * this.#latency);
    if (params.tools && last.role === 'user') {
      // The planner asks for the tools it needs, in parallel.
      const orderId = /A-\d{4}/.exec(last.content)?.[0];
      const calls = [{ id: 'call_search', type: 'function', function: { name: 'search_docs', arguments: JSON.stringify({ query: last.content }) } }];
      if (orderId) calls.push({ id: 'call_order', type: 'function', function: { name: 'lookup_order', arguments: JSON.stringify({ order_id: orderId }) } });
      return { id: 'chatcmpl-plan', model: 'gpt-4o-mini-2024-07-18', choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: calls } }], usage: { prompt_tokens: promptTokens + 120, completion_tokens: 18 * calls.length, total_tokens: promptTokens + 120 + 18 * calls.length } };
    }
    const context = params.messages.filter((m) => m.role === 'tool' || m.role === 'system').map((m) => m.content).join(' ');
    const answer = composeAnswer(params.messages.find((m) => m.role === 'user')?.content ?? '', context);
    if (params.stream) return this.#stream(answer, promptTokens);
    return { id: 'chatcmpl-answer', model: 'gpt-4o-2024-08-06', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: answer } }], usage: { prompt_tokens: promptTokens, completion_tokens: Math.ceil(answer.length / 4), total_tokens: promptTokens + Math.ceil(answer.length / 4) } };
  }

  async *#stream(answer, promptTokens) {
    const words = answer.split(/(?<= )/);
    yield { model: 'gpt-4o-2024-08-06', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] };
    for (const w of words) {
      await sleep(4 * this.#latency);
      yield { choices: [{ index: 0, delta: { content: w } }] };
    }
    yield { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] };
    const completion = Math.ceil(answer.length / 4);
    yield { choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion, prompt_tokens_details: { cached_tokens: Math.floor(promptTokens / 2) } } };
  }
}

function composeAnswer(question, context) {
  if (/refund|return/i.test(question)) return `You can return it within 30 days of delivery for a full refund. ${/delivered/.test(context) ? 'Your order was delivered on 2026-11-10, so you are still within the window.' : ''}`.trim();
  if (/ship|arrive|eta/i.test(question)) return `Standard shipping takes 3-5 business days. ${/in transit/.test(context) ? 'Your order is in transit, expected 2026-11-24.' : ''}`.trim();
  return 'Electronics carry a 2-year limited warranty covering defects.';
}

const llm = wrapOpenAI(new ScriptedLLM());

const embedQuery = observe(async function embedQuery(text) {
  const r = await llm.embeddings.create({ model: 'text-embedding-3-small', input: text });
  currentSpan().setModel('text-embedding-3-small', 'openai').setUsage({ input_tokens: r.usage.prompt_tokens, output_tokens: 0, total_tokens: r.usage.total_tokens });
  return { dimensions: r.data[0].embedding.length };
}, { spanType: 'embedding', captureOutput: true });

const vectorSearch = observe(async function vectorSearch(query, k) {
  const q = embedText(query);
  await sleep(25);
  return DOCS.map((d) => ({ id: d.id, score: +embedText(d.text).reduce((s, x, i) => s + x * q[i], 0).toFixed(4), text: d.text }))
    .sort((a, b) => b.score - a.score).slice(0, k);
}, { spanType: 'retriever' });

const rerank = observe(async function rerank(query, docs) {
  await sleep(12);
  const words = new Set(query.toLowerCase().match(/[a-z]+/g));
  return docs.map((d) => ({ ...d, score: d.score + (d.text.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => words.has(w)).length * 0.1 }))
    .sort((a, b) => b.score - a.score).slice(0, 2);
}, { spanType: 'reranker' });

const searchDocs = observe(async function searchDocs(query) {
  return span('retrieve', { spanType: 'chain' }, async () => {
    await embedQuery(query);
    const hits = await vectorSearch(query, 4);
    return rerank(query, hits);
  });
}, { name: 'search_docs', spanType: 'tool' });

let orderServiceCalls = 0;
/** The order service drops the first connection of the run: the caller retries. */
const fetchOrder = observe(async function fetchOrder(orderId) {
  await sleep(30);
  if (orderServiceCalls++ === 0) {
    const err = new Error('ECONNRESET: order service closed the connection');
    err.name = 'ConnectionError';
    throw err;
  }
  return ORDERS[orderId] ?? { status: 'unknown' };
}, { spanType: 'tool' });

const lookupOrder = observe(async function lookupOrder(orderId) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await span(`attempt ${attempt}`, { spanType: 'chain', metadata: { attempt } }, () => fetchOrder(orderId));
    } catch (err) {
      currentSpan().addEvent('retry', { attempt, error: err.message });
      if (attempt >= 3) throw err;
      await sleep(20 * attempt);
    }
  }
}, { name: 'lookup_order', spanType: 'tool' });

const TOOLS = {
  search_docs: (args) => searchDocs(args.query),
  lookup_order: (args) => lookupOrder(args.order_id),
};

const checkAnswer = observe(async function checkAnswer(answer) {
  await sleep(8);
  const passed = !/guarantee|always/i.test(answer);
  currentSpan().setMetadata({ rule: 'no-absolute-promises' });
  return { passed };
}, { spanType: 'guardrail' });

const answerQuestion = observe(async function answerQuestion(question, user) {
  currentSpan().setMetadata({ user }).addTags('support', 'demo');
  const messages = [
    { role: 'system', content: 'You are a support agent. Use the tools, then answer in two sentences.' },
    { role: 'user', content: question },
  ];
  const tools = Object.keys(TOOLS).map((name) => ({ type: 'function', function: { name, parameters: { type: 'object' } } }));

  const plan = await span('plan', { spanType: 'chain' }, () => llm.chat.completions.create({ model: 'gpt-4o-mini', messages, tools, temperature: 0 }));
  const calls = plan.choices[0].message.tool_calls ?? [];
  messages.push(plan.choices[0].message);

  // The tool calls run in parallel.
  const results = await span('run tools', { spanType: 'chain' }, () => Promise.all(calls.map(async (call) => {
    const out = await TOOLS[call.function.name](JSON.parse(call.function.arguments));
    return { role: 'tool', tool_call_id: call.id, content: JSON.stringify(out) };
  })));
  messages.push(...results);

  const answer = await span('compose answer', { spanType: 'chain' }, async () => {
    const stream = await llm.chat.completions.create({ model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    return text;
  });

  const verdict = await checkAnswer(answer);
  return { answer, grounded: verdict.passed };
}, { spanType: 'agent' });

const questions = [
  ['Can I still return the headphones from order A-1001 for a refund?', 'u-17'],
  ['When will order A-1002 arrive? What does shipping usually take?', 'u-23'],
  ['How long is the warranty on electronics?', 'u-42'],
];

for (const [q, user] of questions) {
  const { answer } = await answerQuestion(q, user);
  console.log(`Q: ${q}\nA: ${answer}\n`);
}
await flush();
console.log(`traces written to ${process.env.SPANSCOPE_FILE || 'traces.jsonl'}`);
