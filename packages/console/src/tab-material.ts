/** The Key material tab of an EXTERNAL key: download import parameters, upload key material, delete it. */
import { kms } from './api.js';
import { chosenFile, toBase64 } from './bytes.js';
import { checkbox, checkedValue, field, guarded, h, radio, successBox, when } from './dom.js';
import { downloadSection } from './import-download.js';
import type { KeyMetadata } from './kms-types.js';

/** "Upload key material": the wrapped material, its import token, and when it expires. */
function uploadSection(meta: KeyMetadata, reload: () => void): HTMLElement {
  const material = h('input', { type: 'file', name: 'wrappedKeyMaterial' });
  const token = h('input', { type: 'file', name: 'importToken' });
  const validTo = h('input', { type: 'datetime-local', name: 'validTo' });
  const errors = h('div', { class: 'errors' });
  const button = h('button', { type: 'button', class: 'primary', id: 'upload-key-material' }, 'Upload key material');
  const el = h('div', { class: 'card' }, h('h3', {}, 'Upload key material'),
    field('Wrapped key material', material), field('Import token', token),
    h('fieldset', {}, h('legend', {}, 'Expiration option'),
      radio('expiration', 'KEY_MATERIAL_DOES_NOT_EXPIRE', 'Key material never expires', true),
      radio('expiration', 'KEY_MATERIAL_EXPIRES', 'Key material expires', false, 'Trent deletes the key material at this date and time'),
      field('Expiration date', validTo)),
    errors, h('div', { class: 'actions' }, button));
  button.addEventListener('click', () => void guarded(errors, button, async () => {
    const [wrapped, importToken] = await Promise.all([chosenFile(material), chosenFile(token)]);
    if (!wrapped || !importToken) throw new Error('Choose the wrapped key material file and the import token file.');
    const input: Record<string, unknown> = { KeyId: meta.KeyId, EncryptedKeyMaterial: toBase64(wrapped), ImportToken: toBase64(importToken), ExpirationModel: checkedValue(el, 'expiration') };
    if (input.ExpirationModel === 'KEY_MATERIAL_EXPIRES') {
      if (!validTo.value) throw new Error('Choose the expiration date.');
      input.ValidTo = Math.floor(new Date(validTo.value).getTime() / 1000);
    }
    await kms('ImportKeyMaterial', input);
    reload();
  }));
  return el;
}

/** "Delete key material", behind AWS's warning and confirmation checkbox. */
function deleteSection(meta: KeyMetadata, reload: () => void): HTMLElement {
  const errors = h('div', { class: 'errors' });
  const confirm = checkbox('confirmDelete', 'Confirm that you want to delete this key material.');
  const button = h('button', { type: 'button', class: 'danger', id: 'confirm-delete-key-material' }, 'Delete key material');
  const box = confirm.querySelector('input')!;
  button.disabled = true;
  box.addEventListener('change', () => { button.disabled = !box.checked; });
  button.addEventListener('click', () => void guarded(errors, button, async () => {
    await kms('DeleteImportedKeyMaterial', { KeyId: meta.KeyId });
    reload();
  }));
  return h('div', { class: 'card' }, h('h3', {}, 'Delete key material'),
    h('p', { class: 'warning' }, 'Deleting key material makes all data encrypted under the KMS key unrecoverable unless you re-import the same key material into the same KMS key. The KMS key is not affected by this operation.'),
    confirm, errors, h('div', { class: 'actions' }, button));
}

/** The tab: status, then one section at a time (download opens first while the key waits for its material). */
export function materialTab(meta: KeyMetadata, reload: () => void): HTMLElement {
  const imported = meta.KeyState !== 'PendingImport';
  const status = h('dl', { class: 'review' },
    h('dt', {}, 'Key material status'), h('dd', { id: 'material-status' }, imported ? 'Imported' : 'Pending import'),
    h('dt', {}, 'Expiration'), h('dd', {}, !imported ? '–' : meta.ExpirationModel === 'KEY_MATERIAL_EXPIRES' ? when(meta.ValidTo) : 'This key material does not expire'));
  // A key waiting for its material opens on the download, the first step of an import (as AWS's console does).
  const panel = h('div', {}, imported ? null : downloadSection(meta.KeyId));
  const show = (section: HTMLElement): void => { panel.replaceChildren(section); };
  return h('div', {},
    imported ? successBox('Key material is imported: the key can be used.') : null,
    status,
    h('div', { class: 'actions left' },
      h('button', { type: 'button', id: 'show-download', onclick: () => show(downloadSection(meta.KeyId)) }, 'Download wrapping key and import token'),
      h('button', { type: 'button', id: 'show-upload', onclick: () => show(uploadSection(meta, reload)) }, 'Upload key material'),
      imported ? h('button', { type: 'button', id: 'show-delete', onclick: () => show(deleteSection(meta, reload)) }, 'Delete key material') : null),
    panel);
}
