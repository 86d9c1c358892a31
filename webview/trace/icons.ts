/**
 * Codicon glyphs for the canvas. The characters are read from the codicon stylesheet itself
 * (a hidden `.codicon-NAME` element's ::before content), so they follow the bundled version.
 */
import type { SpanType } from '../../src/core/model';

export const TYPE_ICONS: Record<SpanType, string> = {
  chain: 'link',
  agent: 'hubot',
  llm: 'sparkle',
  tool: 'tools',
  retriever: 'search',
  embedding: 'symbol-array',
  reranker: 'list-ordered',
  guardrail: 'shield',
  evaluator: 'beaker',
  custom: 'symbol-misc',
};

const cache = new Map<string, string>();

export function glyph(name: string): string {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const probe = document.createElement('span');
  probe.className = `codicon codicon-${name}`;
  probe.style.position = 'absolute';
  probe.style.visibility = 'hidden';
  document.body.appendChild(probe);
  const content = getComputedStyle(probe, '::before').content;
  probe.remove();
  // content is a quoted string such as "\"\uea7b\"", or "none" before the stylesheet loads.
  const ch = /^["'](.+)["']$/.exec(content)?.[1] ?? '';
  if (ch) cache.set(name, ch);
  return ch;
}

/** Resolves once the codicon font can draw on a canvas (or gives up quietly after a while). */
export async function codiconFontReady(): Promise<boolean> {
  try {
    await Promise.race([document.fonts.load('16px codicon'), new Promise((r) => setTimeout(r, 1500))]);
    return document.fonts.check('16px codicon');
  } catch {
    return false;
  }
}
