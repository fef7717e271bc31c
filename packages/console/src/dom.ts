/** A tiny element builder and the few shared bits of page furniture; plain DOM, no framework. */
import { ApiError } from './api.js';

type Child = Node | string | number | null | undefined | false;
type Attr = string | boolean | undefined | ((e: Event) => void);

/**
 * Makes an element: `onclick`-style keys with a function become listeners, `true` sets an empty
 * attribute, false/undefined set nothing. Text children are text nodes, never parsed as HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else if (typeof v === 'string') el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

/** An error as AWS's console shows it: the exception name, then its message. */
export function errorBox(err: unknown): HTMLElement {
  const [name, message] = err instanceof ApiError ? [err.type, err.message] : ['Error', err instanceof Error ? err.message : String(err)];
  return h('div', { class: 'alert error', role: 'alert' }, h('strong', {}, name), message ? `: ${message}` : '');
}

/** A green notice after a change went through. */
export function successBox(text: string): HTMLElement {
  return h('div', { class: 'alert success', role: 'status' }, text);
}

/** Runs `action`, showing its error (or nothing) in `slot`; the button is disabled while it runs. */
export async function guarded(slot: HTMLElement, button: HTMLButtonElement | null, action: () => Promise<void>): Promise<void> {
  slot.replaceChildren();
  if (button) button.disabled = true;
  try { await action(); } catch (err) { slot.replaceChildren(errorBox(err)); } finally { if (button) button.disabled = false; }
}

/** A labelled form field (label above, optional hint below). */
export function field(label: string, input: HTMLElement, hint?: string): HTMLElement {
  const id = input.id || `f-${Math.random().toString(36).slice(2)}`;
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null);
}

/** A radio button with its label, in group `name`. */
export function radio(name: string, value: string, label: string, checked: boolean, detail?: string): HTMLElement {
  return h('label', { class: 'choice' }, h('input', { type: 'radio', name, value, checked }), h('span', {}, h('strong', {}, label), detail ? h('small', {}, detail) : null));
}

/** A checkbox with its label. */
export function checkbox(name: string, label: string): HTMLElement {
  return h('label', { class: 'choice' }, h('input', { type: 'checkbox', name }), h('span', {}, label));
}

/** The value of the checked radio of group `name` inside `root`. */
export function checkedValue(root: ParentNode, name: string): string {
  return root.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? '';
}

/** Epoch seconds (the API's timestamps) as a readable local date. */
export function when(epoch: unknown): string {
  return typeof epoch === 'number' ? new Date(epoch * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }) : '–';
}
