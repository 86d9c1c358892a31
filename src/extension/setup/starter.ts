/** The starter files "Set Up Tracing" creates: a small traced program that runs offline. */
import fs from 'node:fs';
import path from 'node:path';

export type StarterLanguage = 'python' | 'javascript';

export const STARTER_NAME: Record<StarterLanguage, string> = {
  python: 'spanscope_starter.py',
  javascript: 'spanscope-starter.mjs',
};

const PYTHON = `"""Spanscope starter: a traced retrieval + LLM answer that runs offline.

Run it with "Spanscope: Run File with Tracing" (or plain \`python ${STARTER_NAME.python}\` in a
terminal), then open traces.jsonl in the Spanscope view: one trace, a tree of spans.
"""
from spanscope import current_span, observe, span
from spanscope.llm import wrap


class FakeOpenAI:
    """Shaped like \`openai.OpenAI()\`, so this file needs no key and no network.
    With the real client: \`client = wrap(OpenAI())\`; "Run File with Tracing" even wraps
    every OpenAI / Anthropic client for you."""

    class _Completions:
        def create(self, *, model, messages, **kwargs):
            question = messages[-1]["content"]
            return {
                "model": model,
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": "Refunds are accepted within 30 days. (" + question + ")"}}],
                "usage": {"prompt_tokens": 120, "completion_tokens": 18, "total_tokens": 138},
            }

    def __init__(self):
        self.chat = type("Chat", (), {"completions": FakeOpenAI._Completions()})()


client = wrap(FakeOpenAI())  # every chat.completions.create becomes an "llm" span


@observe(span_type="retriever")
def retrieve(query: str) -> list:
    return ["Refund policy: 30 days.", "Shipping: 3-5 business days."]


@observe(span_type="agent")
def answer(question: str) -> str:
    docs = retrieve(question)
    current_span().set_metadata(documents=len(docs))
    with span("compose answer", "chain"):
        reply = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "system", "content": "Answer from: " + " ".join(docs)},
                      {"role": "user", "content": question}],
        )
    return reply["choices"][0]["message"]["content"]


if __name__ == "__main__":
    print(answer("How long do I have to return an item?"))
`;

const JAVASCRIPT = `// Spanscope starter: a traced retrieval + LLM answer that runs offline.
//
// Run it with "Spanscope: Run File with Tracing" (or plain \`node ${STARTER_NAME.javascript}\` in a
// terminal), then open traces.jsonl in the Spanscope view: one trace, a tree of spans.
import { currentSpan, observe, span, wrapOpenAI } from 'spanscope';

// Shaped like \`new OpenAI()\`, so this file needs no key and no network. With the real client:
// \`const client = wrapOpenAI(new OpenAI())\`; "Run File with Tracing" even wraps every OpenAI /
// Anthropic client for you.
const fakeOpenAI = {
  chat: {
    completions: {
      async create({ model, messages }) {
        const question = messages.at(-1).content;
        return {
          model,
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: \`Refunds are accepted within 30 days. (\${question})\` } }],
          usage: { prompt_tokens: 120, completion_tokens: 18, total_tokens: 138 },
        };
      },
    },
  },
};
const client = wrapOpenAI(fakeOpenAI); // every chat.completions.create becomes an "llm" span

const retrieve = observe(async (query) => ['Refund policy: 30 days.', 'Shipping: 3-5 business days.'], { name: 'retrieve', spanType: 'retriever' });

const answer = observe(async (question) => {
  const docs = await retrieve(question);
  currentSpan().setMetadata({ documents: docs.length });
  const reply = await span('compose answer', { spanType: 'chain' }, () =>
    client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: \`Answer from: \${docs.join(' ')}\` },
        { role: 'user', content: question },
      ],
    }));
  return reply.choices[0].message.content;
}, { name: 'answer', spanType: 'agent' });

console.log(await answer('How long do I have to return an item?'));
`;

export function starterSource(lang: StarterLanguage): string {
  return lang === 'python' ? PYTHON : JAVASCRIPT;
}

/** Writes the starter unless a file of that name exists (never overwritten). */
export function createStarter(workspace: string, lang: StarterLanguage): { file: string; created: boolean } {
  const file = path.join(workspace, STARTER_NAME[lang]);
  try {
    fs.writeFileSync(file, starterSource(lang), { flag: 'wx' });
    return { file, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { file, created: false };
    throw err;
  }
}
