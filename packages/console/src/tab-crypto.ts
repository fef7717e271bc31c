/** Cryptographic configuration: spec, usage, origin and the algorithms the key allows. */
import { h } from './dom.js';
import type { KeyMetadata } from './kms-types.js';

/** The tab for key `m`, from DescribeKey alone. */
export function cryptoTab(m: KeyMetadata): HTMLElement {
  const algorithms = [...(m.EncryptionAlgorithms ?? []), ...(m.SigningAlgorithms ?? []), ...(m.MacAlgorithms ?? []), ...(m.KeyAgreementAlgorithms ?? [])];
  const rows: [string, string][] = [
    ['Key type', m.KeySpec === 'SYMMETRIC_DEFAULT' ? 'Symmetric' : m.KeySpec.startsWith('HMAC') ? 'HMAC' : 'Asymmetric'],
    ['Key spec', m.KeySpec], ['Key usage', m.KeyUsage], ['Origin', m.Origin === 'EXTERNAL' ? 'External' : m.Origin],
    ['Algorithms', algorithms.join(', ') || '–'],
  ];
  return h('dl', { class: 'review' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}
