/**
 * A tiny element builder: views rebuild their panel from state, so this keeps them short. Children
 * are text nodes (never parsed as HTML) and attributes are set one by one, so user text stays text.
 */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/**
 * Attributes that would turn a string into code or markup: inline handlers and `style` (the
 * Content-Security-Policy allows neither), `srcdoc`, and URLs with a script scheme. Views pass
 * handlers as functions and set styles through the CSSOM (`el.style.x`), so a refusal here is a bug.
 */
export function unsafeAttribute(name: string, value: string): string | null {
  const key = name.toLowerCase();
  if (key.startsWith('on')) return `${name}: event handlers are functions, never strings`;
  if (key === 'style') return 'style: set styles with el.style or a class (the CSP refuses inline styles)';
  if (key === 'srcdoc') return 'srcdoc: markup from a string';
  // Browsers drop control characters inside a URL's scheme ("java\tscript:"), so the check does too.
  // eslint-disable-next-line no-control-regex -- the control characters are what is being removed
  if (URL_ATTRIBUTES.has(key) && /^\s*(javascript|vbscript|data):/i.test(value.replace(/[\u0000-\u001f]/g, ''))) return `${name}: a script URL`;
  return null;
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Child | Child[]>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2).toLowerCase(), v);
      continue;
    }
    const refused = unsafeAttribute(k, String(v));
    if (refused) throw new Error(`Refused attribute ${refused}`);
    if (k === 'class') el.className = String(v);
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
 * so that re-rendering after an action does not throw a keyboard user back to the top. A text box
 * being typed in keeps what was typed and where the caret or selection was: a redraw that lands
 * mid-keystroke (a server answer arriving) must not garble the user's input.
 */
export function replaceContent(container: HTMLElement, ...children: Array<Child | Child[]>): void {
  const active = document.activeElement instanceof HTMLElement && container.contains(document.activeElement) ? document.activeElement : null;
  const typing = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement ? textState(active) : null;
  container.replaceChildren(
    ...children
      .flat()
      .filter((c): c is Node | string => c !== null && c !== undefined && c !== false)
      .map((c) => (c instanceof Node ? c : String(c))),
  );
  if (!active?.id) return;
  const next = document.getElementById(active.id);
  if (!next) return;
  if (typing && typing.start !== null && (next instanceof HTMLInputElement || next instanceof HTMLTextAreaElement) && next.type === typing.type) {
    next.value = typing.value;
    next.focus();
    next.setSelectionRange(typing.start, typing.end, typing.direction ?? undefined);
    return;
  }
  next.focus();
}

interface TextState {
  type: string;
  value: string;
  start: number | null;
  end: number | null;
  direction: 'forward' | 'backward' | 'none' | null;
}

/** The value and selection of a text box; inputs without a text selection (checkbox, number) report null. */
function textState(el: HTMLInputElement | HTMLTextAreaElement): TextState {
  return { type: el.type, value: el.value, start: el.selectionStart, end: el.selectionEnd, direction: el.selectionDirection };
}

/** A text field of a submitted form ('' when absent; a file input never holds text). */
export function formText(data: FormData, name: string): string {
  const v = data.get(name);
  return typeof v === 'string' ? v : '';
}
