// Builds DOM nodes without innerHTML: strings become text nodes, so device strings can never inject markup.

type Child = Node | string | null | undefined | false;

/** `el('td', { class: 'num', 'data-kpi': 'x' }, 'text', child)`: attributes via setAttribute, text as text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(name, value);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

/** Sets text only when it changed (cheap once-per-second updates without layout churn). */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
