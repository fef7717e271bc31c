/**
 * A real external key store proxy for tests, following the AWS KMS External Key Store Proxy API
 * Specification v1: POST {uriPath}/health, /keys/{id}/metadata, /keys/{id}/encrypt, /keys/{id}/decrypt.
 * Every request's SigV4 signature (service kms-xks-proxy) is checked by re-signing it with
 * @smithy/signature-v4, an implementation independent of Trent's. Keys are AES-256 held in memory;
 * encryption is AES-GCM whose AAD is (2-byte length ‖ AAD ‖ 1-byte length ‖ ciphertextMetadata).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from './raw.js';

/** What the proxy does with the next requests (tests switch it to show Trent's failure handling). */
export type ProxyMode = 'ok' | 'hang' | 'garbage' | 'unavailable';

/** One request the proxy accepted: its operation and request metadata (never plaintext). */
export interface SeenRequest { route: string; requestMetadata: Record<string, string> }

interface ExternalKey { key: Buffer; enabled: boolean; usage: string[] }

const METADATA = Buffer.from('tp1'); // ciphertextMetadata: "test proxy, layout 1"

/** A running proxy: its endpoint and path for CreateCustomKeyStore, its credential and its keys. */
export class XksProxy {
  readonly keys = new Map<string, ExternalKey>();
  readonly seen: SeenRequest[] = [];
  mode: ProxyMode = 'ok';
  private readonly sockets = new Set<import('node:net').Socket>();

  /** The credential the proxy accepts; tests change it to show what a rotated or wrong credential does. */
  private constructor(private readonly server: Server, readonly endpoint: string, readonly uriPath: string,
    public accessKeyId: string, public secret: string, readonly region: string) {
    server.on('connection', (s) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
  }

  /** Starts a proxy on 127.0.0.1 with a random credential. */
  static async start(opts: { region?: string; uriPath?: string } = {}): Promise<XksProxy> {
    const accessKeyId = 'XKSTEST' + randomBytes(10).toString('hex').toUpperCase().replace(/[0189]/g, 'A').slice(0, 17);
    const secret = randomBytes(33).toString('base64');
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const proxy = new XksProxy(server, `http://127.0.0.1:${port}`, opts.uriPath ?? '/test/kms/xks/v1', accessKeyId, secret, opts.region ?? 'us-east-1');
    server.on('request', (req, res) => { void proxy.handle(req, res); });
    return proxy;
  }

  /** Creates an enabled AES-256 external key. */
  addKey(id: string, over: Partial<ExternalKey> = {}): void {
    this.keys.set(id, { key: randomBytes(32), enabled: true, usage: ['ENCRYPT', 'DECRYPT'], ...over });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    if (this.mode === 'hang') return; // never answers
    if (this.mode === 'garbage') { res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy</html>'); return; }
    if (!(await this.signatureValid(req, body))) return reply(res, 401, { errorName: 'AuthenticationFailedException' });
    const url = req.url ?? '';
    if (req.method !== 'POST' || !url.startsWith(this.uriPath + '/')) return reply(res, 404, { errorName: 'InvalidUriPathException' });
    const route = url.slice(this.uriPath.length);
    let input: any;
    try { input = JSON.parse(body.toString('utf8')); } catch { return reply(res, 400, { errorName: 'ValidationException' }); }
    this.seen.push({ route, requestMetadata: input.requestMetadata });
    if (route === '/health') return reply(res, 200, this.health());
    const m = /^\/keys\/([A-Za-z0-9._-]{1,128})\/(metadata|encrypt|decrypt)$/.exec(route);
    if (!m) return reply(res, 404, { errorName: 'InvalidUriPathException' });
    const key = this.keys.get(m[1]!);
    if (!key) return reply(res, 404, { errorName: 'KeyNotFoundException' });
    if (m[2] === 'metadata') return reply(res, 200, { keySpec: 'AES_256', keyUsage: key.usage, keyStatus: key.enabled ? 'ENABLED' : 'DISABLED' });
    if (!key.enabled) return reply(res, 400, { errorName: 'InvalidStateException' });
    if (input.encryptionAlgorithm !== 'AES_GCM') return reply(res, 400, { errorName: 'ValidationException' });
    return m[2] === 'encrypt' ? reply(res, 200, encrypt(key.key, input)) : decrypt(key.key, input, res);
  }

  private health(): Record<string, unknown> {
    return {
      xksProxyFleetSize: 1, xksProxyVendor: 'Trent tests', xksProxyModel: 'test proxy 1.0', ekmVendor: 'node:crypto',
      ekmFleetDetails: [{ id: 'ekm-1', model: 'in-memory', healthStatus: this.mode === 'unavailable' ? 'UNAVAILABLE' : 'ACTIVE' }],
    };
  }

  /** Re-signs the request with @smithy/signature-v4 at its X-Amz-Date and compares the signature. */
  private async signatureValid(req: IncomingMessage, body: Buffer): Promise<boolean> {
    const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? '');
    if (!auth || auth[1] !== this.accessKeyId || auth[3] !== this.region || auth[4] !== 'kms-xks-proxy') return false;
    // The signature covers the body only through this header: it must be the body's hash.
    if (req.headers['x-amz-content-sha256'] !== createHash('sha256').update(body).digest('hex')) return false;
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    const d = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!d) return false;
    const headers: Record<string, string> = {};
    for (const h of auth[5]!.split(';')) headers[h] = String(req.headers[h] ?? '');
    const url = new URL(req.url ?? '/', 'http://' + headers.host);
    const signer = new SignatureV4({ credentials: { accessKeyId: this.accessKeyId, secretAccessKey: this.secret }, region: this.region, service: 'kms-xks-proxy', sha256: Sha256 });
    const signed = await signer.sign(
      { method: req.method ?? 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers, body },
      { signingDate: new Date(Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +d[4]!, +d[5]!, +d[6]!)) },
    );
    return String(signed.headers.authorization).endsWith(`Signature=${auth[6]}`);
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The AAD the spec asks the key manager to use: lengths make metadata and AAD unambiguous. */
function gcmAad(aad: Buffer, metadata: Buffer): Buffer {
  const a = Buffer.alloc(2);
  a.writeUInt16BE(aad.length);
  return Buffer.concat([a, aad, Buffer.from([metadata.length]), metadata]);
}

function encrypt(key: Buffer, input: any): Record<string, string> {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(gcmAad(Buffer.from(input.additionalAuthenticatedData ?? '', 'base64'), METADATA));
  const ciphertext = Buffer.concat([c.update(Buffer.from(input.plaintext, 'base64')), c.final()]);
  return {
    ciphertext: ciphertext.toString('base64'), initializationVector: iv.toString('base64'),
    authenticationTag: c.getAuthTag().toString('base64'), ciphertextMetadata: METADATA.toString('base64'),
  };
}

function decrypt(key: Buffer, input: any, res: ServerResponse): void {
  try {
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(input.initializationVector, 'base64'));
    d.setAAD(gcmAad(Buffer.from(input.additionalAuthenticatedData ?? '', 'base64'), Buffer.from(input.ciphertextMetadata ?? '', 'base64')));
    d.setAuthTag(Buffer.from(input.authenticationTag, 'base64'));
    const plaintext = Buffer.concat([d.update(Buffer.from(input.ciphertext, 'base64')), d.final()]);
    reply(res, 200, { plaintext: plaintext.toString('base64') });
  } catch {
    reply(res, 400, { errorName: 'InvalidCiphertextException' });
  }
}
