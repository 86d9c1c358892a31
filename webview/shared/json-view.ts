/** Collapsible JSON tree in the DOM. Children are built on first expand; values are text nodes. */
import { el, icon } from './dom';
import { childPage, describe, displayString, kindOf, startsExpanded, PAGE_SIZE } from './json-tree';

export function renderJsonTree(value: unknown, label?: string): HTMLElement {
  const root = el('div', { className: 'json-tree', attrs: { role: 'tree' } });
  if (label) root.setAttribute('aria-label', label);
  const kind = kindOf(value);
  if (kind === 'object' || kind === 'array') {
    // The top container is implicit: its children are the first visible level.
    appendChildren(root, value, 0, 0);
    if (describe(value).size === 0) root.appendChild(el('div', 'json-empty', kind === 'array' ? '[]' : '{}'));
  } else {
    root.appendChild(leafLine(undefined, value, 0));
  }
  return root;
}

function appendChildren(container: HTMLElement, value: unknown, offset: number, depth: number): void {
  const page = childPage(value, offset, PAGE_SIZE);
  for (const e of page.entries) container.appendChild(node(e.key, e.value, depth));
  if (page.next !== undefined) {
    const rest = page.total - page.next;
    const more = el('button', { className: 'json-more link-button', attrs: { type: 'button' } },
      `show ${Math.min(rest, PAGE_SIZE)} more of ${rest}`);
    const next = page.next;
    more.addEventListener('click', () => {
      more.remove();
      appendChildren(container, value, next, depth);
    });
    container.appendChild(more);
  }
}

function node(key: string, value: unknown, depth: number): HTMLElement {
  const info = describe(value);
  if (!info.expandable) return leafLine(key, value, depth);
  const wrap = el('div', 'json-node');
  const twisty = icon('chevron-right');
  twisty.classList.add('json-twisty');
  const line = el('div', { className: 'json-line json-branch', attrs: { role: 'treeitem', tabindex: '0', 'aria-expanded': 'false' } },
    twisty, el('span', 'json-key', key), el('span', 'json-colon', ': '), el('span', `json-preview json-${info.kind}`, info.preview));
  line.style.paddingLeft = `${depth * 14}px`;
  const children = el('div', { className: 'json-children', attrs: { role: 'group' } });
  children.hidden = true;
  let built = false;
  const toggle = (open: boolean) => {
    if (open && !built) { appendChildren(children, value, 0, depth + 1); built = true; }
    children.hidden = !open;
    line.setAttribute('aria-expanded', String(open));
    twisty.classList.toggle('codicon-chevron-right', !open);
    twisty.classList.toggle('codicon-chevron-down', open);
  };
  line.addEventListener('click', () => toggle(children.hidden));
  line.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') { toggle(children.hidden); ev.preventDefault(); }
    else if (ev.key === 'ArrowRight' && children.hidden) { toggle(true); ev.preventDefault(); }
    else if (ev.key === 'ArrowLeft' && !children.hidden) { toggle(false); ev.preventDefault(); }
    ev.stopPropagation();
  });
  if (startsExpanded(value, depth)) toggle(true);
  wrap.append(line, children);
  return wrap;
}

function leafLine(key: string | undefined, value: unknown, depth: number): HTMLElement {
  const kind = kindOf(value);
  const line = el('div', { className: 'json-line json-leaf', attrs: { role: 'treeitem' } });
  line.style.paddingLeft = `${depth * 14 + 16}px`;
  if (key !== undefined) line.append(el('span', 'json-key', key), el('span', 'json-colon', ': '));
  if (kind === 'string') {
    line.appendChild(stringValue(value as string));
  } else {
    line.appendChild(el('span', `json-value json-${kind}`, kind === 'undefined' ? 'undefined' : String(value)));
  }
  return line;
}

/** A string value, cut when huge, with a control to show it all. */
export function stringValue(s: string): HTMLElement {
  const { text, hidden } = displayString(s);
  const span = el('span', 'json-value json-string', text);
  if (hidden > 0) {
    const more = el('button', { className: 'link-button json-more', attrs: { type: 'button' } }, `… show ${hidden} more characters`);
    more.addEventListener('click', (ev) => {
      ev.stopPropagation();
      span.textContent = s;
    });
    span.appendChild(more);
  }
  return span;
}
