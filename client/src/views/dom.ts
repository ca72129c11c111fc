/** A tiny element builder: views rebuild their panel from state, so this keeps them short. */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Child | Child[]>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/**
 * Replaces a container's content and puts keyboard focus back on the element with the same id,
 * so that re-rendering after an action does not throw a keyboard user back to the top.
 */
export function replaceContent(container: HTMLElement, ...children: Array<Child | Child[]>): void {
  const focusedId = document.activeElement instanceof HTMLElement && container.contains(document.activeElement) ? document.activeElement.id : '';
  container.replaceChildren(...children.flat().filter((c): c is Node | string => c !== null && c !== undefined && c !== false).map((c) => (c instanceof Node ? c : String(c))));
  if (focusedId) document.getElementById(focusedId)?.focus();
}
