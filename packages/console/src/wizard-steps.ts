/** The five pages of the Create key wizard; each reads and writes the shared KeyChoices. */
import { checkbox, checkedValue, field, h, radio } from './dom.js';
import { KEY_TYPES, defaultPolicy, type KeyChoices, type KeyType } from './key-choices.js';

/** The steps' titles, in order (AWS's words). */
export const STEP_TITLES = ['Configure key', 'Add labels', 'Define key administrative permissions', 'Define key usage permissions', 'Review'];

/** Step 1: key type, usage, spec; Advanced options: origin (with the imported-key acknowledgement) and regionality. */
export function configureStep(c: KeyChoices): HTMLElement {
  const usages = KEY_TYPES[c.type].usages;
  const usage = usages.find((u) => u.value === c.usage) ?? usages[0]!;
  const el = h('div', {},
    h('fieldset', {}, h('legend', {}, 'Key type'), ...Object.entries(KEY_TYPES).map(([v, t]) => radio('keyType', v, t.label, v === c.type, t.detail))),
    h('fieldset', {}, h('legend', {}, 'Key usage'), ...usages.map((u) => radio('keyUsage', u.value, u.label, u.value === usage.value))),
    usage.specs.length > 1 ? h('fieldset', {}, h('legend', {}, 'Key spec'), ...usage.specs.map((s) => radio('keySpec', s, s, s === c.spec))) : null,
    h('details', { open: c.origin === 'EXTERNAL' || c.multiRegion },
      h('summary', {}, 'Advanced options'),
      h('fieldset', {}, h('legend', {}, 'Key material origin'),
        radio('origin', 'AWS_KMS', 'KMS', c.origin === 'AWS_KMS', 'Trent creates and manages the key material'),
        radio('origin', 'EXTERNAL', 'External (Import key material)', c.origin === 'EXTERNAL', 'You create the key material and import it')),
      c.origin === 'EXTERNAL' ? h('div', { class: 'notice' }, checkbox('understood', 'I understand the security, availability, and durability implications of using an imported key.')) : null,
      h('fieldset', {}, h('legend', {}, 'Regionality'),
        radio('regionality', 'single', 'Single-Region key', !c.multiRegion, 'Never allow this key to be shared to multiple Regions'),
        radio('regionality', 'multi', 'Multi-Region key', c.multiRegion, 'Allow this key to be replicated into other Regions'))));
  const understood = el.querySelector<HTMLInputElement>('input[name="understood"]');
  if (understood) understood.checked = c.understood;
  // A change of type or usage changes the choices below it, so the step is redrawn from the new state.
  el.addEventListener('change', (e) => {
    const name = (e.target as HTMLInputElement).name;
    c.type = checkedValue(el, 'keyType') as KeyType;
    const us = KEY_TYPES[c.type].usages;
    c.usage = us.some((u) => u.value === checkedValue(el, 'keyUsage')) ? checkedValue(el, 'keyUsage') : us[0]!.value;
    const specs = us.find((u) => u.value === c.usage)!.specs;
    c.spec = specs.includes(checkedValue(el, 'keySpec')) ? checkedValue(el, 'keySpec') : specs[0]!;
    c.origin = checkedValue(el, 'origin') as KeyChoices['origin'];
    c.understood = el.querySelector<HTMLInputElement>('input[name="understood"]')?.checked ?? false;
    c.multiRegion = checkedValue(el, 'regionality') === 'multi';
    if (name === 'understood' || name === 'regionality') return;
    const redrawn = configureStep(c);
    redrawn.querySelector('details')!.open = el.querySelector('details')!.open;
    el.replaceWith(redrawn);
  });
  return el;
}

/** Step 1's rule: an imported key needs the acknowledgement. */
export function configureProblem(c: KeyChoices): string | null {
  return c.origin === 'EXTERNAL' && !c.understood ? 'Confirm that you understand the implications of using an imported key.' : null;
}

/** Step 2: alias, description, tags. */
export function labelsStep(c: KeyChoices): HTMLElement {
  const alias = h('input', { name: 'alias', value: c.alias, placeholder: 'Enter alias' });
  const description = h('textarea', { name: 'description', placeholder: 'Description of the key' }, c.description);
  const tags = h('div', { class: 'tags' });
  const addTag = (k = '', v = ''): void => {
    const row = h('div', { class: 'tag-row' }, h('input', { name: 'tagKey', value: k, placeholder: 'Tag key' }), h('input', { name: 'tagValue', value: v, placeholder: 'Tag value (optional)' }),
      h('button', { type: 'button', onclick: () => { row.remove(); sync(); } }, 'Remove'));
    tags.append(row);
  };
  const sync = (): void => {
    c.alias = alias.value.trim().replace(/^alias\//, '');
    c.description = description.value;
    c.tags = [...tags.querySelectorAll('.tag-row')].map((r) => ({ TagKey: (r.children[0] as HTMLInputElement).value, TagValue: (r.children[1] as HTMLInputElement).value })).filter((t) => t.TagKey);
  };
  c.tags.forEach((t) => addTag(t.TagKey, t.TagValue));
  const el = h('div', {},
    field('Alias', alias, 'The alias is the display name of the key (alias/…); you can use it in place of the key ID.'),
    field('Description - optional', description),
    h('fieldset', {}, h('legend', {}, 'Tags - optional'), tags, h('button', { type: 'button', onclick: () => addTag() }, 'Add tag')));
  el.addEventListener('input', sync);
  return el;
}

/** Steps 3 and 4: Trent gives the key AWS's default key policy; these say so and what it means. */
export function permissionsStep(what: 'administrative' | 'usage'): HTMLElement {
  return h('div', {},
    h('p', {}, `The default key policy is used: it gives the AWS account that owns the key full access to it (kms:*), and IAM policies in that account decide which users and roles can ${what === 'administrative' ? 'administer the key' : 'use the key in cryptographic operations'}.`),
    h('p', { class: 'hint' }, 'You can change the key policy after creating the key, on its Key policy tab.'));
}

/** Step 5: every choice, and the key policy the key will have. */
export function reviewStep(c: KeyChoices, account: string): HTMLElement {
  const rows: [string, string][] = [
    ['Key type', KEY_TYPES[c.type].label], ['Key spec', c.spec], ['Key usage', c.usage],
    ['Origin', c.origin === 'EXTERNAL' ? 'External' : 'KMS'], ['Regionality', c.multiRegion ? 'Multi-Region' : 'Single-Region'],
    ['Alias', c.alias || '–'], ['Description', c.description || '–'], ['Tags', c.tags.map((t) => `${t.TagKey}=${t.TagValue}`).join(', ') || '–'],
  ];
  return h('div', {},
    h('h3', {}, 'Key configuration'), h('dl', { class: 'review' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('h3', {}, 'Key policy'), h('pre', { class: 'policy', id: 'review-policy' }, defaultPolicy(account)));
}
