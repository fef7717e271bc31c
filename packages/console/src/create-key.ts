/** The Create key wizard: five steps, then CreateKey and CreateAlias; an imported key opens on its Key material tab. */
import { kms } from './api.js';
import { guarded, h } from './dom.js';
import { initialChoices, type KeyChoices } from './key-choices.js';
import { currentSession } from './session.js';
import { STEP_TITLES, configureProblem, configureStep, labelsStep, permissionsStep, reviewStep } from './wizard-steps.js';
import type { AliasEntry, KeyMetadata } from './kms-types.js';
import { listAll } from './keys-list.js';

/**
 * Step 2's rules, checked before the key exists (as AWS's console does), so that Finish does not
 * make a key and then fail on its alias: AWS's alias name pattern, no aws/ prefix, not in use.
 */
async function labelsProblem(c: KeyChoices): Promise<string | null> {
  if (!c.alias) return null;
  if (!/^[a-zA-Z0-9:/_-]{1,250}$/.test(c.alias)) return 'An alias may contain only letters, digits and : / _ -, at most 250 of them.';
  if (c.alias.startsWith('aws/')) return 'Aliases that begin with aws/ are reserved for AWS managed keys.';
  const taken = await listAll<AliasEntry>('ListAliases', {}, 'Aliases');
  return taken.some((a) => a.AliasName === `alias/${c.alias}`) ? `The alias ${c.alias} is already in use in this Region.` : null;
}

async function finish(c: KeyChoices): Promise<void> {
  const input: Record<string, unknown> = { KeySpec: c.spec, KeyUsage: c.usage, Origin: c.origin, MultiRegion: c.multiRegion };
  if (c.description) input.Description = c.description;
  if (c.tags.length) input.Tags = c.tags;
  const meta = (await kms<{ KeyMetadata: KeyMetadata }>('CreateKey', input)).KeyMetadata;
  if (c.alias) await kms('CreateAlias', { AliasName: `alias/${c.alias}`, TargetKeyId: meta.KeyId });
  location.hash = `#/keys/${meta.KeyId}/${c.origin === 'EXTERNAL' ? 'material' : 'general'}`;
}

/** The wizard page; its state lives only while the page is shown. */
export function createKeyPage(): HTMLElement {
  const c = initialChoices();
  const account = currentSession()!.account;
  let step = 0;
  const steps = h('ol', { class: 'steps' });
  const body = h('div', { class: 'card' });
  const errors = h('div', { class: 'errors' });
  const buttons = h('div', { class: 'actions' });
  const draw = (): void => {
    steps.replaceChildren(...STEP_TITLES.map((t, i) => h('li', { class: i === step ? 'current' : '' }, h('small', {}, `Step ${i + 1}`), t)));
    const content = [configureStep(c), labelsStep(c), permissionsStep('administrative'), permissionsStep('usage'), reviewStep(c, account)][step]!;
    body.replaceChildren(h('h2', {}, STEP_TITLES[step]!), content);
    const next = h('button', { type: 'button', class: 'primary', id: 'next' }, step === STEP_TITLES.length - 1 ? 'Finish' : 'Next');
    next.addEventListener('click', () => void guarded(errors, next, async () => {
      const problem = step === 0 ? configureProblem(c) : step === 1 ? await labelsProblem(c) : null;
      if (problem) throw new Error(problem);
      if (step < STEP_TITLES.length - 1) { step++; draw(); return; }
      await finish(c);
    }));
    const previous = h('button', { type: 'button', onclick: () => { step--; errors.replaceChildren(); draw(); } }, 'Previous');
    buttons.replaceChildren(h('a', { href: '#/keys', class: 'button' }, 'Cancel'), ...(step > 0 ? [previous] : []), next);
  };
  draw();
  return h('section', { class: 'wizard' }, h('div', { class: 'title' }, h('h1', {}, 'Create key')), h('div', { class: 'wizard-body' }, steps, h('div', {}, body, errors, buttons)));
}
