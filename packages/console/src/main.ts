/**
 * The console's entry module: a hash router (#/keys, #/keys/create, #/keys/<id>/<tab>) over the pages.
 * The hash holds only key ids and tab names, never anything secret; the server sees none of it.
 */
import { h } from './dom.js';
import { currentSession, signOut } from './session.js';
import { signInPage } from './signin.js';
import { keysListPage } from './keys-list.js';
import { createKeyPage } from './create-key.js';
import { keyDetailPage } from './key-detail.js';

const app = document.getElementById('app')!;

/** Header and left navigation around a page, as the AWS console lays them out. */
function shell(content: HTMLElement): HTMLElement {
  const s = currentSession()!;
  const out = h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: () => { signOut(); go('#/keys'); } }, 'Sign out');
  return h('div', { class: 'shell' },
    h('header', {}, h('span', { class: 'brand' }, 'Trent · Key Management Service'),
      h('span', { class: 'who' }, h('span', { id: 'who' }, s.arn), ' · ', h('span', { id: 'region' }, s.region), ' · ', out)),
    h('nav', {}, h('h2', {}, 'Key Management Service'), h('a', { href: '#/keys', class: 'active' }, 'Customer managed keys')),
    h('main', {}, content));
}

/** Draws the page the hash names (the sign-in page whenever the tab has no credentials). */
export function render(): void {
  if (!currentSession()) { app.replaceChildren(signInPage(() => go('#/keys'))); return; }
  const [, section, id, tab] = location.hash.split('/');
  let page: HTMLElement;
  if (section === 'keys' && id === 'create') page = createKeyPage();
  else if (section === 'keys' && id) page = keyDetailPage(decodeURIComponent(id), tab ?? 'general');
  else page = keysListPage();
  app.replaceChildren(shell(page));
}

/** Shows `hash`: a new hash draws through hashchange, the same one is drawn again here. */
function go(hash: string): void {
  if (location.hash === hash) render();
  else location.hash = hash;
}

window.addEventListener('hashchange', render);
render();
