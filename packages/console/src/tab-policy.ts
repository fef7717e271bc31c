/** Key policy: the JSON from GetKeyPolicy; Edit opens it for PutKeyPolicy. */
import { kms } from './api.js';
import { errorBox, guarded, h, successBox } from './dom.js';
import type { KeyMetadata } from './kms-types.js';

/** The tab for key `m`: GetKeyPolicy's JSON as it is stored, and the editor. */
export function policyTab(m: KeyMetadata): HTMLElement {
  const view = h('pre', { class: 'policy', id: 'key-policy' }, 'Loading…');
  const errors = h('div', { class: 'errors' });
  const el = h('div', {}, view, errors);
  const edit = h('button', { type: 'button', id: 'edit-policy' }, 'Edit');
  kms<{ Policy: string }>('GetKeyPolicy', { KeyId: m.KeyId, PolicyName: 'default' }).then(({ Policy }) => {
    view.textContent = Policy;
    el.append(h('div', { class: 'actions left' }, edit));
  }).catch((err: unknown) => errors.replaceChildren(errorBox(err)));
  edit.addEventListener('click', () => {
    const text = h('textarea', { class: 'policy', id: 'policy-text', rows: '18', spellcheck: 'false' }, view.textContent ?? '');
    const save = h('button', { type: 'button', class: 'primary', id: 'save-policy' }, 'Save changes');
    save.addEventListener('click', () => void guarded(errors, save, async () => {
      await kms('PutKeyPolicy', { KeyId: m.KeyId, PolicyName: 'default', Policy: text.value });
      view.textContent = text.value;
      el.replaceChildren(successBox('Key policy saved.'), view, errors, h('div', { class: 'actions left' }, edit));
    }));
    el.replaceChildren(text, errors, h('div', { class: 'actions left' }, h('button', { type: 'button', onclick: () => el.replaceChildren(view, errors, h('div', { class: 'actions left' }, edit)) }, 'Cancel'), save));
  });
  return el;
}
