/** Key actions: Disable / Enable, Schedule key deletion (7–30 days, confirmed), Cancel key deletion. */
import { kms } from './api.js';
import { checkbox, field, guarded, h, when } from './dom.js';
import type { KeyMetadata } from './kms-types.js';

/** The "Schedule key deletion" form: waiting period and AWS's confirmation. */
function scheduleForm(meta: KeyMetadata, done: () => void): HTMLElement {
  const days = h('input', { type: 'number', name: 'waitingPeriod', min: '7', max: '30', value: '30' });
  const confirm = checkbox('confirmDeletion', 'Confirm that you want to schedule this key for deletion after the waiting period.');
  const errors = h('div', { class: 'errors' });
  const button = h('button', { type: 'button', class: 'danger', id: 'confirm-schedule-deletion', disabled: true }, 'Schedule deletion');
  const box = confirm.querySelector('input')!;
  box.addEventListener('change', () => { button.disabled = !box.checked; });
  button.addEventListener('click', () => void guarded(errors, button, async () => {
    await kms('ScheduleKeyDeletion', { KeyId: meta.KeyId, PendingWindowInDays: Number(days.value) });
    done();
  }));
  return h('div', { class: 'card' }, h('h3', {}, 'Schedule key deletion'),
    h('p', { class: 'warning' }, 'After the waiting period ends, the key and all its key material are deleted, and data encrypted under it can no longer be decrypted. Until then you can cancel the deletion.'),
    field('Waiting period (in days)', days, 'Enter a whole number between 7 and 30.'), confirm, errors, h('div', { class: 'actions' }, button));
}

/** The Key actions that apply in the key's state; `reload` redraws the page after a change. */
export function keyActions(meta: KeyMetadata, reload: () => void): HTMLElement {
  const errors = h('div', { class: 'errors' });
  const panel = h('div', {});
  const act = (id: string, label: string, op: string) => {
    const b = h('button', { type: 'button', id }, label);
    b.addEventListener('click', () => void guarded(errors, b, async () => { await kms(op, { KeyId: meta.KeyId }); reload(); }));
    return b;
  };
  const pending = meta.KeyState === 'PendingDeletion' || meta.KeyState === 'PendingReplicaDeletion';
  const buttons = pending
    ? [act('cancel-deletion', 'Cancel key deletion', 'CancelKeyDeletion')]
    : [
      meta.KeyState === 'Disabled' ? act('enable-key', 'Enable', 'EnableKey') : meta.KeyState === 'Enabled' ? act('disable-key', 'Disable', 'DisableKey') : null,
      h('button', { type: 'button', id: 'schedule-deletion', onclick: () => panel.replaceChildren(scheduleForm(meta, reload)) }, 'Schedule key deletion'),
    ];
  return h('div', { class: 'key-actions' },
    h('span', { class: 'label' }, 'Key actions'), ...buttons,
    pending ? h('span', { class: 'hint', id: 'deletion-date' }, `Scheduled for deletion on ${when(meta.DeletionDate)}`) : null,
    errors, panel);
}
