/** The sign-in page: access key id, secret access key, optional session token, region. */
import { callerIdentity } from './api.js';
import { field, guarded, h } from './dom.js';
import { saveSession } from './session.js';

/** The served regions, from config.json (the first is the default). */
async function servedRegions(): Promise<string[]> {
  const res = await fetch('config.json', { cache: 'no-store' });
  return (await res.json() as { regions: string[] }).regions;
}

/** Builds the page; `done` runs once GetCallerIdentity has accepted the credentials and they are saved. */
export function signInPage(done: () => void): HTMLElement {
  const keyId = h('input', { name: 'accessKeyId', autocomplete: 'username', required: true, spellcheck: 'false' });
  const secret = h('input', { name: 'secretAccessKey', type: 'password', autocomplete: 'current-password', required: true });
  const token = h('input', { name: 'sessionToken', type: 'password', autocomplete: 'off' });
  const region = h('select', { name: 'region' });
  void servedRegions().then((rs) => region.replaceChildren(...rs.map((r) => h('option', { value: r }, r))));
  const errors = h('div', { class: 'errors' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'card signin' },
    h('h1', {}, 'Sign in to Trent'),
    h('p', { class: 'hint' }, 'Your access key signs each request in this browser (SigV4); the secret is never sent. It is kept in this tab only, until you sign out or close the tab.'),
    field('Access key ID', keyId), field('Secret access key', secret), field('Session token (optional)', token), field('Region', region),
    errors, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void guarded(errors, submit, async () => {
      const credentials = { accessKeyId: keyId.value.trim(), secretAccessKey: secret.value, ...(token.value ? { sessionToken: token.value.trim() } : {}) };
      const who = await callerIdentity(credentials, region.value);
      saveSession({ credentials, region: region.value, account: who.account, arn: who.arn });
      done();
    });
  });
  return form;
}
