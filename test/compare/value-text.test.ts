import { describe, expect, it } from 'vitest';
import { jsonText, valueDocument, valueText } from '../../src/extension/compare/value-text';

describe('values as text for the diff editor', () => {
  const inputs = { model: 'gpt-4o', messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Weather in Lyon?' },
  ] };
  const outputs = { choices: [{ message: { role: 'assistant', content: null, tool_calls: [
    { id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lyon"}' } },
  ] } }] };

  it('writes chat inputs as a transcript, one heading per message', () => {
    const d = valueDocument('inputs', inputs, outputs);
    expect(d.language).toBe('markdown');
    expect(d.text).toBe('### system\nBe brief.\n\n### user\nWeather in Lyon?\n');
  });

  it('writes the output side of the call, tool calls with their arguments as JSON', () => {
    expect(valueText('outputs', inputs, outputs)).toBe('### assistant\n[tool call get_weather c1]\n{\n  "city": "Lyon"\n}\n');
  });

  it('pretty-prints other values as JSON, and leaves strings as they are', () => {
    expect(valueDocument('inputs', { k: 4, q: ['a'] }, undefined)).toEqual({ text: '{\n  "k": 4,\n  "q": [\n    "a"\n  ]\n}\n', language: 'json' });
    expect(valueDocument('outputs', { a: 1 }, 'plain <b>text</b>')).toEqual({ text: 'plain <b>text</b>\n', language: 'plaintext' });
    expect(valueText('inputs', undefined, 'x')).toBe('');
  });

  it('does not throw on values JSON cannot write', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(jsonText(cyclic)).toBe('[object Object]\n');
    expect(jsonText({ n: 10n })).toBe('{\n  "n": "10"\n}\n');
  });
});
