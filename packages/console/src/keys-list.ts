/** "Customer managed keys": every key the account manages itself in this region, newest first. */
import { kms } from './api.js';
import { errorBox, h } from './dom.js';
import type { AliasEntry, KeyMetadata } from './kms-types.js';

/** Every page of a List* call: `field` is the list's name in the reply. */
export async function listAll<T>(op: string, input: Record<string, unknown>, field: string): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  do {
    const page = await kms<Record<string, unknown>>(op, marker ? { ...input, Marker: marker } : input);
    out.push(...(page[field] as T[]));
    marker = page.Truncated ? page.NextMarker as string : undefined;
  } while (marker);
  return out;
}

async function loadRows(): Promise<{ meta: KeyMetadata; aliases: string[] }[]> {
  const [keys, aliases] = await Promise.all([listAll<{ KeyId: string }>('ListKeys', {}, 'Keys'), listAll<AliasEntry>('ListAliases', {}, 'Aliases')]);
  const metas = await Promise.all(keys.map(async (k) => (await kms<{ KeyMetadata: KeyMetadata }>('DescribeKey', { KeyId: k.KeyId })).KeyMetadata));
  return metas.filter((m) => m.KeyManager !== 'AWS')
    .sort((a, b) => b.CreationDate - a.CreationDate)
    .map((meta) => ({ meta, aliases: aliases.filter((a) => a.TargetKeyId === meta.KeyId).map((a) => a.AliasName.replace(/^alias\//, '')) }));
}

/** The list page; rows arrive when the calls answer, an error replaces them. */
export function keysListPage(): HTMLElement {
  const body = h('tbody', {}, h('tr', {}, h('td', { colspan: '5' }, 'Loading…')));
  const page = h('section', {},
    h('div', { class: 'title' }, h('h1', {}, 'Customer managed keys'), h('a', { href: '#/keys/create', class: 'button primary', id: 'create-key' }, 'Create key')),
    h('table', { class: 'keys' }, h('thead', {}, h('tr', {}, ...['Aliases', 'Key ID', 'Status', 'Key spec', 'Key usage'].map((c) => h('th', {}, c)))), body));
  loadRows().then((rows) => {
    body.replaceChildren(...rows.map(({ meta, aliases }) => h('tr', { 'data-key-id': meta.KeyId },
      h('td', {}, aliases.join(', ') || '–'),
      h('td', {}, h('a', { href: `#/keys/${meta.KeyId}` }, meta.KeyId)),
      h('td', {}, h('span', { class: 'state' }, meta.KeyState)), h('td', {}, meta.KeySpec), h('td', {}, meta.KeyUsage))));
    if (!rows.length) body.replaceChildren(h('tr', {}, h('td', { colspan: '5' }, 'No customer managed keys. Choose Create key.')));
  }).catch((err: unknown) => page.insertBefore(errorBox(err), page.children[1]!));
  return page;
}
