/** Aliases: the key's aliases, with Create alias and Delete. */
import { kms } from './api.js';
import { guarded, h } from './dom.js';
import type { AliasEntry, KeyMetadata } from './kms-types.js';

/** The tab for key `m` with its `aliases`; `reload` redraws after a change. */
export function aliasesTab(m: KeyMetadata, aliases: AliasEntry[], reload: () => void): HTMLElement {
  const errors = h('div', { class: 'errors' });
  const name = h('input', { name: 'newAlias', placeholder: 'Enter alias' });
  const add = h('button', { type: 'button', id: 'create-alias' }, 'Create alias');
  add.addEventListener('click', () => void guarded(errors, add, async () => {
    await kms('CreateAlias', { AliasName: `alias/${name.value.trim().replace(/^alias\//, '')}`, TargetKeyId: m.KeyId });
    reload();
  }));
  const row = (a: AliasEntry): HTMLElement => {
    const del = h('button', { type: 'button', class: 'danger' }, 'Delete');
    del.addEventListener('click', () => void guarded(errors, del, async () => { await kms('DeleteAlias', { AliasName: a.AliasName }); reload(); }));
    return h('tr', {}, h('td', {}, a.AliasName.replace(/^alias\//, '')), h('td', {}, a.AliasArn), h('td', {}, del));
  };
  return h('div', {},
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Alias name'), h('th', {}, 'Alias ARN'), h('th', {}, ''))),
      h('tbody', {}, ...aliases.map(row))),
    h('div', { class: 'actions left' }, name, add), errors);
}
