/** A streamed Anthropic reply as the Messages API sends it: text, then a tool call. */
export const MESSAGE_EVENTS = [
  { type: 'message_start', message: { id: 'msg_s', role: 'assistant', model: 'claude-sonnet-4-5-20250929', usage: { input_tokens: 50, cache_read_input_tokens: 1000, output_tokens: 1 } } },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Let me ' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'check.' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} } },
  { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"id":' } },
  { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '7}' } },
  { type: 'content_block_stop', index: 1 },
  { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 30 } },
  { type: 'message_stop' },
];
