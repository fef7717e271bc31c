/** General configuration: what identifies the key and where it is in its life. */
import { h, when } from './dom.js';
import type { KeyMetadata } from './kms-types.js';

/** The tab for key `m`, from DescribeKey alone. */
export function generalTab(m: KeyMetadata): HTMLElement {
  const rows: [string, string, string][] = [
    ['ARN', m.Arn, 'key-arn'], ['Key ID', m.KeyId, 'key-id'], ['Status', m.KeyState, 'key-status'],
    ['Creation date', when(m.CreationDate), 'key-created'], ['Description', m.Description || '–', 'key-description'],
    ['Regionality', m.MultiRegion ? 'Multi-Region' : 'Single Region', 'key-regionality'],
  ];
  if (m.DeletionDate) rows.push(['Deletion date', when(m.DeletionDate), 'key-deletion-date']);
  return h('dl', { class: 'review' }, ...rows.flatMap(([k, v, id]) => [h('dt', {}, k), h('dd', { id }, v)]));
}
