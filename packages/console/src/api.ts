/**
 * The console's only way to Trent: the public KMS JSON 1.1 API (and STS GetCallerIdentity at sign-in),
 * on the same origin, signed in the browser. Errors surface as AWS's exception name and message.
 */
import { signPost, type Credentials } from './sigv4.js';
import { currentSession } from './session.js';

/** An error answered by the API: `name` is the AWS exception name (e.g. KMSInvalidStateException). */
export class ApiError extends Error {
  constructor(readonly type: string, message: string) { super(message); this.name = type; }
}

async function post(creds: Credentials, region: string, service: string, headers: Record<string, string>, body: string): Promise<Response> {
  const signed = await signPost(creds, region, service, location.host, headers, body);
  return fetch('/', { method: 'POST', headers: signed, body, credentials: 'omit', cache: 'no-store' });
}

/** Calls KMS operation `op` with `input` using `creds` (default: the tab's session). */
export async function kms<T = Record<string, unknown>>(op: string, input: object, creds?: Credentials, region?: string): Promise<T> {
  const s = currentSession();
  const c = creds ?? s?.credentials;
  const r = region ?? s?.region;
  if (!c || !r) throw new ApiError('NotSignedIn', 'Sign in first.');
  const res = await post(c, r, 'kms', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${op}` }, JSON.stringify(input));
  const text = await res.text();
  let body: Record<string, unknown>;
  // Something in between (a proxy, a load balancer) may answer with a page instead of the API's JSON.
  try { body = text ? JSON.parse(text) as Record<string, unknown> : {}; } catch { throw new ApiError(`HTTP ${res.status}`, text.slice(0, 200)); }
  if (!res.ok) {
    // __type may carry a namespace ("com.amazonaws.kms#NotFoundException"): AWS's consoles show the name only.
    const type = String(body.__type ?? `HTTP ${res.status}`).split('#').pop()!;
    throw new ApiError(type, String(body.message ?? body.Message ?? ''));
  }
  return body as T;
}

/** STS GetCallerIdentity (Query protocol, XML): proves the credentials and names their account. */
export async function callerIdentity(creds: Credentials, region: string): Promise<{ account: string; arn: string }> {
  const res = await post(creds, region, 'sts', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, 'Action=GetCallerIdentity&Version=2011-06-15');
  const xml = new DOMParser().parseFromString(await res.text(), 'application/xml');
  const text = (tag: string): string => xml.getElementsByTagName(tag)[0]?.textContent ?? '';
  if (!res.ok) throw new ApiError(text('Code') || `HTTP ${res.status}`, text('Message'));
  return { account: text('Account'), arn: text('Arn') };
}
