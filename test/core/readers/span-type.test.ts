import { describe, expect, it } from 'vitest';
import { inferSpanType, spanTypeFromLabel } from '../../../src/core/readers/span-type';

describe('inferSpanType', () => {
  it('maps every vocabulary', () => {
    expect(spanTypeFromLabel('RETRIEVER')).toBe('retriever');
    expect(spanTypeFromLabel('chat')).toBe('llm');
    expect(spanTypeFromLabel('execute_tool')).toBe('tool');
    expect(spanTypeFromLabel('invoke_agent')).toBe('agent');
    expect(spanTypeFromLabel('embeddings')).toBe('embedding');
    expect(spanTypeFromLabel('prompt')).toBe('chain');
    expect(spanTypeFromLabel('UNKNOWN')).toBeUndefined();
  });
  it('prefers declared types, then model, then name, then tokens', () => {
    expect(inferSpanType({ spanType: 'tool', model: 'gpt-4o' })).toBe('tool');
    expect(inferSpanType({ runType: 'retriever' })).toBe('retriever');
    expect(inferSpanType({ openInferenceKind: 'UNKNOWN', name: 'x', model: 'gpt-4o' })).toBe('llm');
    expect(inferSpanType({ name: 'rerank_docs' })).toBe('reranker');
    expect(inferSpanType({ name: 'llm_call' })).toBe('llm');
    expect(inferSpanType({ name: 'step', hasTokens: true })).toBe('llm');
    expect(inferSpanType({ name: 'step' })).toBe('custom');
  });
});
