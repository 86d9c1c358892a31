/** A transcript in the DOM: one block per message, tool calls with their results beneath. */
import { el, icon } from './dom';
import { renderJsonTree, stringValue } from './json-view';
import type { Message, Part, Transcript } from './transcript';

const ROLE_ICONS: Record<string, string> = {
  system: 'settings-gear',
  developer: 'settings-gear',
  user: 'account',
  human: 'account',
  assistant: 'hubot',
  ai: 'hubot',
  tool: 'tools',
  function: 'tools',
};

export function renderTranscript(t: Transcript): HTMLElement {
  const list = el('div', { className: 'transcript', attrs: { role: 'list', 'aria-label': 'Conversation' } });
  for (const m of t.messages) list.appendChild(renderMessage(m));
  return list;
}

function renderMessage(m: Message): HTMLElement {
  const head = el('div', 'msg-head',
    icon(ROLE_ICONS[m.role] ?? 'comment'),
    el('span', 'msg-role', m.role),
    m.name ? el('span', 'msg-name', m.name) : null,
    m.side === 'output' ? el('span', 'msg-side', 'output') : null);
  const body = el('div', 'msg-body');
  for (const p of m.parts) body.appendChild(renderPart(p));
  if (m.parts.length === 0) body.appendChild(el('span', 'muted', '(empty)'));
  return el('div', { className: `msg msg-${safeClass(m.role)}`, attrs: { role: 'listitem' } }, head, body);
}

function renderPart(p: Part): HTMLElement {
  switch (p.kind) {
    case 'text':
      return el('div', 'msg-text', stringValue(p.text));
    case 'reasoning': {
      const d = el('details', 'msg-reasoning', el('summary', '', 'reasoning'), el('div', 'msg-text', stringValue(p.text)));
      return d;
    }
    case 'image':
      return el('div', 'msg-image', icon('file-media'), ` ${p.description}`);
    case 'toolCall': {
      const call = el('div', 'tool-call',
        el('div', 'tool-head', icon('symbol-method'), el('span', 'tool-name', p.name), p.id ? el('span', 'tool-id muted', p.id) : null),
        valueView(p.args, 'Arguments'));
      if (p.result) {
        call.appendChild(el('div', `tool-result${p.result.isError ? ' is-error' : ''}`,
          el('div', 'tool-head', icon(p.result.isError ? 'error' : 'reply'), el('span', '', p.result.isError ? 'error result' : 'result')),
          valueView(p.result.content, 'Result')));
      } else {
        call.appendChild(el('div', 'tool-result muted', 'no result in this call'));
      }
      return call;
    }
    case 'toolResult':
      return el('div', `tool-result${p.isError ? ' is-error' : ''}`,
        el('div', 'tool-head', icon('reply'), el('span', '', `result${p.name ? ` of ${p.name}` : ''}`), p.id ? el('span', 'tool-id muted', p.id) : null),
        valueView(p.content, 'Result'));
    case 'other':
      return valueView(p.value, 'Content');
  }
}

function valueView(v: unknown, label: string): HTMLElement {
  if (typeof v === 'string') return el('div', 'msg-text', stringValue(v));
  return renderJsonTree(v, label);
}

function safeClass(role: string): string {
  return role.replace(/[^a-z0-9-]/gi, '').toLowerCase() || 'unknown';
}
