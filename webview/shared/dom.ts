/**
 * The only way webviews build DOM: element names and attributes come from our code, every piece
 * of span content goes in as a text node. No innerHTML anywhere, so an LLM output holding
 * `<script>` or `<img onerror>` is shown, never run.
 */

type Child = Node | string | null | undefined | false;

export interface ElOptions {
  className?: string;
  title?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElOptions | string = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const o: ElOptions = typeof options === 'string' ? { className: options } : options;
  if (o.className) node.className = o.className;
  if (o.title !== undefined) node.title = o.title;
  if (o.attrs) for (const [k, v] of Object.entries(o.attrs)) node.setAttribute(k, v);
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** A codicon span (`<span class="codicon codicon-NAME">`), decorative unless labelled. */
export function icon(name: string, label?: string): HTMLSpanElement {
  const s = el('span', `codicon codicon-${name}`);
  if (label) {
    s.setAttribute('role', 'img');
    s.setAttribute('aria-label', label);
  } else {
    s.setAttribute('aria-hidden', 'true');
  }
  return s;
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}
