/**
 * AWS Signature Version 4 verification (header form and presigned query form). The canonical
 * request is rebuilt from the raw request exactly as the client signed it; signatures compare in
 * constant time; derived signing keys are cached per access key, date, region and service.
 */
import { fail } from '../api/errors.js';
import { hmac256, safeEqual, sha256Hex } from '../crypto/aead.js';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 5 * 60 * 1000;

/** The parts of an HTTP request SigV4 covers. */
export interface SignedRequest {
  method: string;
  /** Path and query exactly as received (`req.url`). */
  url: string;
  /** `req.rawHeaders`: names and values alternating, as sent. */
  rawHeaders: readonly string[];
  body: Buffer;
}

/** What the Authorization header (or presigned query) claims. */
export interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  sessionToken?: string;
  /** True for presigned URLs (the query string carries the signature). */
  presigned: boolean;
}

const NONE: readonly string[] = [];
// The headers of the request being verified, by lower-case name: a verification asks ~10 names,
// so the raw headers are lower-cased once. One entry, checked by identity: correct for any caller.
let indexedRaw: readonly string[] | undefined;
let index = new Map<string, string[]>();

/** The values of header `name` (lower case), in the order received. */
function headerValues(raw: readonly string[], name: string): readonly string[] {
  if (raw !== indexedRaw) {
    index = new Map();
    for (let i = 0; i < raw.length; i += 2) {
      const k = raw[i]!.toLowerCase();
      const list = index.get(k);
      if (list) list.push(raw[i + 1]!);
      else index.set(k, [raw[i + 1]!]);
    }
    indexedRaw = raw;
  }
  return index.get(name) ?? NONE;
}

function parseHeaderAuth(auth: string, raw: readonly string[]): Omit<Credential, 'accessKeyId' | 'date' | 'region' | 'service'> & { scope: string } {
  if (!auth.startsWith(ALGORITHM + ' ')) fail('IncompleteSignatureException', `Authorization header requires the '${ALGORITHM}' algorithm.`);
  // Comma-separated `key=value` parts; the last of a key wins. Scanned in place: no arrays or maps per request.
  const parts: Record<'Credential' | 'SignedHeaders' | 'Signature', string | undefined> = { Credential: undefined, SignedHeaders: undefined, Signature: undefined };
  for (let start = ALGORITHM.length + 1; start <= auth.length;) {
    let end = auth.indexOf(',', start);
    if (end < 0) end = auth.length;
    const eq = auth.indexOf('=', start);
    if (eq > start && eq < end) {
      const key = auth.slice(start, eq).trim();
      if (key === 'Credential' || key === 'SignedHeaders' || key === 'Signature') parts[key] = auth.slice(eq + 1, end).trim();
    }
    start = end + 1;
  }
  const scope = parts.Credential;
  const signed = parts.SignedHeaders;
  const signature = parts.Signature;
  if (!scope || !signed || !signature) {
    const missing = (['Credential', 'SignedHeaders', 'Signature'] as const).filter((k) => !parts[k]);
    fail('IncompleteSignatureException', `Authorization header requires ${missing.map((m) => `'${m}'`).join(', ')} parameter${missing.length > 1 ? 's' : ''}. Authorization=${ALGORITHM} …`);
  }
  const amzDate = headerValues(raw, 'x-amz-date')[0] ?? '';
  if (!amzDate) fail('IncompleteSignatureException', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  return { scope, signedHeaders: signed.split(';'), signature, amzDate, sessionToken: headerValues(raw, 'x-amz-security-token')[0], presigned: false };
}

/** Reads the credential from the Authorization header or a presigned query; throws AWS's auth exceptions. */
export function parseCredential(req: SignedRequest, query: URLSearchParams): Credential {
  const auth = headerValues(req.rawHeaders, 'authorization')[0];
  let claimed;
  if (auth) claimed = parseHeaderAuth(auth, req.rawHeaders);
  else if (query.get('X-Amz-Algorithm') === ALGORITHM) {
    claimed = {
      scope: query.get('X-Amz-Credential') ?? '', signedHeaders: (query.get('X-Amz-SignedHeaders') ?? '').split(';'),
      signature: query.get('X-Amz-Signature') ?? '', amzDate: query.get('X-Amz-Date') ?? '',
      sessionToken: query.get('X-Amz-Security-Token') ?? undefined, presigned: true,
    };
  } else fail('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const s = claimed.scope.split('/');
  if (s.length !== 5 || s[4] !== 'aws4_request' || !s[0]) fail('IncompleteSignatureException', `Credential should be scoped to a valid region, not '${s[2] ?? ''}'. Credential is ${claimed.scope}`);
  return {
    signedHeaders: claimed.signedHeaders, signature: claimed.signature, amzDate: claimed.amzDate, sessionToken: claimed.sessionToken,
    presigned: claimed.presigned, accessKeyId: s[0]!, date: s[1]!, region: s[2]!, service: s[3]!,
  };
}

// Clients sign many requests within one second: the last X-Amz-Date parsed is remembered (parsing only).
let lastAmzDate = '';
let lastTime: number | undefined;

/** Milliseconds of a `YYYYMMDDTHHMMSSZ` date, or undefined when it is not one. */
function signedTime(amzDate: string): number | undefined {
  if (amzDate !== lastAmzDate) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    lastTime = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
    lastAmzDate = amzDate;
  }
  return lastTime;
}

/** Throws when the signature's time is outside AWS's five-minute window. */
export function checkClock(c: Credential, now: number): void {
  const t = signedTime(c.amzDate);
  if (t === undefined || c.amzDate.slice(0, 8) !== c.date) fail('IncompleteSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${c.date}' != '${c.amzDate.slice(0, 8)}'`);
  const fmt = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  if (t < now - MAX_SKEW_MS) fail('InvalidSignatureException', `Signature expired: ${c.amzDate} is now earlier than ${fmt(now - MAX_SKEW_MS)} (${fmt(now)} - 5 min.)`);
  if (t > now + MAX_SKEW_MS) fail('InvalidSignatureException', `Signature not yet current: ${c.amzDate} is still later than ${fmt(now + MAX_SKEW_MS)} (${fmt(now)} + 5 min.)`);
}

/** RFC 3986 encoding as SigV4 wants it (everything but unreserved characters). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase());
}

function canonicalQuery(query: string, presigned: boolean): string {
  if (!query) return '';
  const pairs = query.split('&').filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    const k = decodeURIComponent((i < 0 ? p : p.slice(0, i)).replace(/\+/g, ' '));
    const v = i < 0 ? '' : decodeURIComponent(p.slice(i + 1).replace(/\+/g, ' '));
    return [uriEncode(k), uriEncode(v)] as const;
  }).filter(([k]) => !(presigned && k === 'X-Amz-Signature'));
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function canonicalPath(path: string): string {
  if (path === '/') return path; // every JSON 1.1 call
  const segments = path.split('/').map((seg) => uriEncode(uriEncode(decodeURIComponent(seg))).replace(/%252F/g, '%2F'));
  return segments.join('/') || '/';
}

/** The SigV4 canonical request for `req` under the claimed signed headers. */
export function canonicalRequest(req: SignedRequest, c: Credential, payloadHash: string): string {
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? '' : req.url.slice(q + 1);
  let headers = '';
  for (const h of c.signedHeaders) {
    const values = headerValues(req.rawHeaders, h);
    headers += h + ':';
    for (let i = 0; i < values.length; i++) headers += (i ? ',' : '') + values[i]!.trim().replace(/\s+/g, ' ');
    headers += '\n';
  }
  return [req.method, canonicalPath(path), canonicalQuery(query, c.presigned), headers, c.signedHeaders.join(';'), payloadHash].join('\n');
}

const signingKeys = new Map<string, Buffer>();

function deriveSigningKey(secret: string, c: Credential): Buffer {
  return hmac256(hmac256(hmac256(hmac256('AWS4' + secret, c.date), c.region), c.service), 'aws4_request');
}

function signingKey(secret: string, c: Credential): Buffer {
  const k = `${c.accessKeyId}/${c.date}/${c.region}/${c.service}`;
  let key = signingKeys.get(k);
  if (!key) {
    key = deriveSigningKey(secret, c);
    if (signingKeys.size > 10_000) signingKeys.clear();
    signingKeys.set(k, key);
  }
  return key;
}

/** Forgets cached signing keys of one access key (deleted or deactivated). */
export function forgetSigningKeys(accessKeyId: string): void {
  for (const k of signingKeys.keys()) if (k.startsWith(accessKeyId + '/')) signingKeys.delete(k);
}

/** Verifies the signature with the stored secret; throws InvalidSignatureException on mismatch. */
export function verifySignature(req: SignedRequest, c: Credential, secret: string): void {
  if (!c.signedHeaders.includes('host')) fail('InvalidSignatureException', "'Host' must be a signed header.");
  const claimedHash = headerValues(req.rawHeaders, 'x-amz-content-sha256')[0];
  const bodyHash = c.presigned && !req.body.length ? 'UNSIGNED-PAYLOAD' : sha256Hex(req.body);
  const payloadHash = claimedHash === 'UNSIGNED-PAYLOAD' && c.presigned ? claimedHash : bodyHash;
  const expected = signatureOf(req, c, signingKey(secret, c), payloadHash);
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(c.signature) ? c.signature : '', 'hex');
  if (!safeEqual(expected, given)) {
    fail('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
  }
}

function signatureOf(req: SignedRequest, c: Credential, key: Buffer, payloadHash: string): Buffer {
  const sts = `${ALGORITHM}\n${c.amzDate}\n${c.date}/${c.region}/${c.service}/aws4_request\n${sha256Hex(canonicalRequest(req, c, payloadHash))}`;
  return hmac256(key, sts);
}

/**
 * Signs an outgoing request (Trent as a client: the XKS proxy calls). Returns the headers to send:
 * `headers` plus X-Amz-Date, X-Amz-Content-Sha256 and Authorization; every header given is signed.
 */
export function signRequest(
  method: string, url: URL, headers: Record<string, string>, body: Buffer,
  key: { accessKeyId: string; secret: string; region: string; service: string }, now = Date.now(),
): Record<string, string> {
  const amzDate = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const payloadHash = sha256Hex(body);
  const all: Record<string, string> = { ...headers, host: url.host, 'x-amz-date': amzDate, 'x-amz-content-sha256': payloadHash };
  const names = Object.keys(all).map((h) => h.toLowerCase()).sort();
  const rawHeaders = Object.entries(all).flatMap(([k, v]) => [k.toLowerCase(), v]);
  const c: Credential = {
    accessKeyId: key.accessKeyId, date: amzDate.slice(0, 8), region: key.region, service: key.service,
    signedHeaders: names, signature: '', amzDate, presigned: false,
  };
  // Not the verification cache: a store's secret may change under the same access key id.
  const signature = signatureOf({ method, url: url.pathname + url.search, rawHeaders, body }, c, deriveSigningKey(key.secret, c), payloadHash).toString('hex');
  const scope = `${c.date}/${key.region}/${key.service}/aws4_request`;
  return { ...all, authorization: `${ALGORITHM} Credential=${key.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}
