import { describe, expect, it } from 'vitest';
import { extractTranscript, pairToolResults, type Message, type Part } from '../../webview/shared/transcript';

const calls = (m: Message) => m.parts.filter((p): p is Extract<Part, { kind: 'toolCall' }> => p.kind === 'toolCall');

describe('transcript of chat messages', () => {
  it('pairs OpenAI tool calls with the tool messages answering them, by id', () => {
    const t = extractTranscript({
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'weather in Paris and Rome?' },
        { role: 'assistant', content: null, tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_b', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
        ] },
        // answered out of order
        { role: 'tool', tool_call_id: 'call_b', content: '{"temp": 24}' },
        { role: 'tool', tool_call_id: 'call_a', content: 'sunny, 18°C' },
      ],
    }, { choices: [{ message: { role: 'assistant', content: 'Paris 18°C, Rome 24°C.' } }] })!;
    expect(t.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'assistant']);
    const [a, b] = calls(t.messages[2]);
    expect(a).toMatchObject({ id: 'call_a', name: 'weather', args: { city: 'Paris' }, result: { content: 'sunny, 18°C', isError: false } });
    expect(b).toMatchObject({ id: 'call_b', args: { city: 'Rome' }, result: { content: { temp: 24 } } });
    expect(t.messages[3]).toMatchObject({ side: 'output', parts: [{ kind: 'text', text: 'Paris 18°C, Rome 24°C.' }] });
  });

  it('pairs Anthropic tool_use blocks with tool_result blocks and keeps the system prompt', () => {
    const t = extractTranscript({
      system: 'You are a helpful agent.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'list files' }] },
        { role: 'assistant', content: [
          { type: 'thinking', thinking: 'I should call ls' },
          { type: 'text', text: 'Let me look.' },
          { type: 'tool_use', id: 'toolu_1', name: 'ls', input: { path: '.' } },
        ] },
        { role: 'user', content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'a.txt\nb.txt' }] },
          { type: 'text', text: 'and be quick' },
        ] },
      ],
    }, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_2', name: 'cat', input: { file: 'a.txt' } }], stop_reason: 'tool_use' })!;
    expect(t.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(t.messages[0].parts).toEqual([{ kind: 'text', text: 'You are a helpful agent.' }]);
    expect(t.messages[2].parts.map((p) => p.kind)).toEqual(['reasoning', 'text', 'toolCall']);
    expect(calls(t.messages[2])[0].result).toEqual({ content: 'a.txt\nb.txt', isError: false });
    // the user message keeps its text, the paired result moved to the call
    expect(t.messages[3].parts).toEqual([{ kind: 'text', text: 'and be quick' }]);
    // a call made in the output, whose result is not in this span
    expect(calls(t.messages[4])[0]).toMatchObject({ id: 'toolu_2', name: 'cat' });
    expect(calls(t.messages[4])[0].result).toBeUndefined();
  });

  it('marks error results and keeps results whose call is elsewhere', () => {
    const msgs = pairToolResults([
      { role: 'assistant', side: 'input', parts: [{ kind: 'toolCall', id: 'x', name: 'f', args: {} }] },
      { role: 'user', side: 'input', parts: [
        { kind: 'toolResult', id: 'x', content: 'boom', isError: true },
        { kind: 'toolResult', id: 'y', content: 'orphan result', isError: false },
      ] },
    ]);
    expect(calls(msgs[0])[0].result).toEqual({ content: 'boom', isError: true });
    expect(msgs[1].parts).toEqual([{ kind: 'toolResult', id: 'y', content: 'orphan result', isError: false }]);
  });

  it('pairs legacy id-less function calls by name', () => {
    const t = extractTranscript([
      { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"q":1}' } },
      { role: 'function', name: 'lookup', content: 'found' },
    ], undefined)!;
    expect(t.messages).toHaveLength(1);
    expect(calls(t.messages[0])[0]).toMatchObject({ name: 'lookup', args: { q: 1 }, result: { content: 'found' } });
  });

  it('describes images without loading them, and takes a plain string output', () => {
    const t = extractTranscript({ messages: [{ role: 'user', content: [
      { type: 'image_url', image_url: { url: 'data:image/png;base64,' + 'A'.repeat(4096) } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
    ] }] }, 'a cat')!;
    expect(t.messages[0].parts).toEqual([
      { kind: 'image', description: 'inline image/png image (3 KB)' },
      { kind: 'image', description: 'https://example.com/cat.png' },
    ]);
    expect(t.messages[1]).toEqual({ role: 'assistant', side: 'output', parts: [{ kind: 'text', text: 'a cat' }] });
  });

  it('is undefined for inputs that are not chat messages', () => {
    expect(extractTranscript({ query: 'x' }, { docs: [] })).toBeUndefined();
    expect(extractTranscript({ messages: [{ text: 'no role' }] }, undefined)).toBeUndefined();
    expect(extractTranscript('prompt text', 'completion')).toBeUndefined();
    expect(extractTranscript(undefined, undefined)).toBeUndefined();
  });
});
