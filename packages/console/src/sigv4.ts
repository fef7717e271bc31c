/**
 * AWS Signature Version 4 in the browser, with WebCrypto (SHA-256, HMAC-SHA256). The secret access key
 * only ever keys an HMAC here: it is never sent, and never placed in a URL or a header.
 * Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */

/** What the console signs with; kept in the tab's sessionStorage (session.ts). */
export interface Credentials { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

const ALGORITHM = 'AWS4-HMAC-SHA256';
const utf8 = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', utf8.encode(text)));
}

async function hmac(key: ArrayBuffer | Uint8Array<ArrayBuffer>, text: string): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, utf8.encode(text));
}

/** YYYYMMDDTHHMMSSZ, SigV4's timestamp form. */
export function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Signs a POST to "/" of `host` and returns the headers to send: `headers` plus X-Amz-Date,
 * X-Amz-Security-Token (session credentials) and Authorization. Host is signed but left out of the
 * result, since the browser sets it itself (and forbids a script to).
 */
export async function signPost(creds: Credentials, region: string, service: string, host: string,
  headers: Record<string, string>, body: string, now = new Date()): Promise<Record<string, string>> {
  const date = amzDate(now);
  const all: Record<string, string> = { ...headers, host, 'x-amz-date': date };
  if (creds.sessionToken) all['x-amz-security-token'] = creds.sessionToken;
  const names = Object.keys(all).map((n) => n.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(all).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  const canonical = ['POST', '/', '', names.map((n) => `${n}:${lower[n]}\n`).join(''), names.join(';'), await sha256Hex(body)].join('\n');
  const scope = `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
  const toSign = [ALGORITHM, date, scope, await sha256Hex(canonical)].join('\n');
  let key: ArrayBuffer = await hmac(utf8.encode(`AWS4${creds.secretAccessKey}`), date.slice(0, 8));
  for (const part of [region, service, 'aws4_request']) key = await hmac(key, part);
  const signature = hex(await hmac(key, toSign));
  const out: Record<string, string> = { ...all };
  delete out.host;
  out.authorization = `${ALGORITHM} Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return out;
}
