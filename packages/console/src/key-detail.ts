/** A key's page: its name and state, Key actions, and the tabs (General configuration, Key policy, …). */
import { kms } from './api.js';
import { errorBox, h } from './dom.js';
import { keyActions } from './key-actions.js';
import { aliasesTab } from './tab-aliases.js';
import { cryptoTab } from './tab-crypto.js';
import { generalTab } from './tab-general.js';
import { materialTab } from './tab-material.js';
import { policyTab } from './tab-policy.js';
import { listAll } from './keys-list.js';
import type { AliasEntry, KeyMetadata } from './kms-types.js';

type Tab = [id: string, title: string, draw: (m: KeyMetadata, aliases: AliasEntry[], reload: () => void) => HTMLElement];

const TABS: Tab[] = [
  ['general', 'General configuration', (m) => generalTab(m)],
  ['policy', 'Key policy', (m) => policyTab(m)],
  ['crypto', 'Cryptographic configuration', (m) => cryptoTab(m)],
  ['material', 'Key material', (m, _a, reload) => materialTab(m, reload)],
  ['aliases', 'Aliases', (m, a, reload) => aliasesTab(m, a, reload)],
];

/** The page of key `keyId` (an id, ARN or alias) on tab `tab` (the first tab when unknown). */
export function keyDetailPage(keyId: string, tab: string): HTMLElement {
  const page = h('section', { class: 'key-detail' }, h('p', {}, 'Loading…'));
  const load = async (): Promise<void> => {
    const [{ KeyMetadata: meta }, aliases] = await Promise.all([
      kms<{ KeyMetadata: KeyMetadata }>('DescribeKey', { KeyId: keyId }),
      listAll<AliasEntry>('ListAliases', { KeyId: keyId }, 'Aliases'),
    ]);
    const reload = (): void => { void load().catch((err: unknown) => page.prepend(errorBox(err))); };
    // Key material exists as a tab only for imported (EXTERNAL) keys, as in AWS's console.
    const tabs = TABS.filter(([id]) => id !== 'material' || meta.Origin === 'EXTERNAL');
    const current = tabs.find(([id]) => id === tab) ?? tabs[0]!;
    const name = aliases[0]?.AliasName.replace(/^alias\//, '') ?? meta.KeyId;
    page.replaceChildren(
      h('p', { class: 'crumbs' }, h('a', { href: '#/keys' }, 'Customer managed keys'), ' › ', name),
      h('div', { class: 'title' }, h('h1', {}, name), h('span', { class: 'state', id: 'key-state' }, meta.KeyState), keyActions(meta, reload)),
      h('div', { class: 'tabs', role: 'tablist' }, ...tabs.map(([id, title]) =>
        h('a', { href: `#/keys/${meta.KeyId}/${id}`, role: 'tab', class: id === current[0] ? 'active' : '', 'aria-selected': String(id === current[0]) }, title))),
      h('div', { class: 'tab-body', role: 'tabpanel' }, current[2](meta, aliases, reload)));
  };
  load().catch((err: unknown) => page.replaceChildren(h('p', { class: 'crumbs' }, h('a', { href: '#/keys' }, 'Customer managed keys')), errorBox(err)));
  return page;
}
