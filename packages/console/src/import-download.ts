/** "Download wrapping key and import token": GetParametersForImport → ImportParameters.zip, as AWS's console makes it. */
import { kms } from './api.js';
import { download, fromBase64 } from './bytes.js';
import { field, guarded, h, radio, checkedValue } from './dom.js';
import { zipStore } from './zip.js';

const ALGORITHMS: [string, string][] = [
  ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_1 (the default of openssl rsautl -oaep / pkeyutl rsa_padding_mode:oaep)'],
  ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_256'],
  ['RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_1'],
  ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_256'],
];

/** MMDDHHmmss in local time: the suffix AWS's console gives the two files. */
function stamp(d: Date): string {
  return [d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join('');
}

function readme(arn: string, wrappingKey: string, importToken: string, spec: string, algorithm: string, validTo: number): string {
  return [
    `Import parameters for the KMS key ${arn}`,
    '',
    `${wrappingKey}: the wrapping public key, ${spec}, DER-encoded (X.509 SubjectPublicKeyInfo).`,
    `${importToken}: the import token.`,
    '',
    `Wrap (encrypt) your key material with the wrapping key using ${algorithm}, then upload the wrapped`,
    'key material and the import token on the key\'s Key material tab (or with aws kms import-key-material).',
    `Both expire at ${new Date(validTo * 1000).toISOString()}; after that, download new ones.`,
    '',
  ].join('\n');
}

/** The section of the Key material tab that downloads new import parameters for key `keyId`. */
export function downloadSection(keyId: string): HTMLElement {
  const spec = h('select', { name: 'wrappingKeySpec' }, ...['RSA_2048', 'RSA_3072', 'RSA_4096'].map((s) => h('option', { value: s }, s)));
  const errors = h('div', { class: 'errors' });
  const button = h('button', { type: 'button', class: 'primary', id: 'download-import-parameters' }, 'Download wrapping key and import token');
  const el = h('div', { class: 'card' },
    h('h3', {}, 'Download wrapping key and import token'),
    h('fieldset', {}, h('legend', {}, 'Select wrapping algorithm'), ...ALGORITHMS.map(([v, l], i) => radio('wrappingAlgorithm', v, l, i === 0))),
    field('Wrapping key spec', spec), errors, h('div', { class: 'actions' }, button));
  button.addEventListener('click', () => void guarded(errors, button, async () => {
    const algorithm = checkedValue(el, 'wrappingAlgorithm');
    const p = await kms<{ KeyId: string; PublicKey: string; ImportToken: string; ParametersValidTo: number }>('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: spec.value });
    const now = new Date();
    const names = [`wrappingKey_${keyId}_${stamp(now)}`, `importToken_${keyId}_${stamp(now)}`] as const;
    const zip = zipStore([
      { name: names[0], data: fromBase64(p.PublicKey) },
      { name: names[1], data: fromBase64(p.ImportToken) },
      { name: 'README.txt', data: new TextEncoder().encode(readme(p.KeyId, names[0], names[1], spec.value, algorithm, p.ParametersValidTo)) },
    ], now);
    download('ImportParameters.zip', zip, 'application/zip');
  }));
  return el;
}
