/**
 * The HTTP front door: route → read body → authenticate → parse → validate → operation → reply.
 * Every failure becomes an AWS error body; nothing unexpected ever reaches the client as a stack.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KmsError, fail } from './errors.js';
import { KMS_OPERATIONS } from './ops/index.js';
import { inputShapeOf, isKmsOperation } from './model.js';
import { validateInput } from './validate.js';
import { sendError, sendJson } from './wire.js';
import { authenticate } from './authenticate.js';
import type { Call, Ctx } from '../context.js';
import { uuid } from '../crypto/random.js';
import { logRequest } from '../log.js';
import { checkGrantTokens } from '../keys/grant-tokens.js';
import { QUERY_SERVICES, isQueryRequest, runQuery } from './query/dispatch.js';
import { QueryError, sendQueryError } from './query/protocol.js';
import { observeRequest, serveMetrics } from '../metrics.js';
import { type Quotas, quotasFor } from './quotas/limiter.js';

const MAX_BODY = 1024 * 1024;
const KMS_PREFIX = 'TrentService.';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { reject(new KmsError('RequestEntityTooLargeException', `Request body larger than ${MAX_BODY} bytes.`)); req.resume(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    // A body cut short (client hung up, broken chunked framing) is the client's unparsable request, not a fault.
    req.on('error', () => reject(new KmsError('SerializationException', 'The request body ended before it was complete.')));
  });
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  try { return JSON.parse(body.toString('utf8')); } catch { return fail('SerializationException', 'The request body is not valid JSON.'); }
}

async function handleKms(ctx: Ctx, quotas: Quotas | undefined, req: IncomingMessage, res: ServerResponse, requestId: string, target: string): Promise<string> {
  const name = target.slice(KMS_PREFIX.length);
  const op = KMS_OPERATIONS.get(name);
  if (!op) {
    if (isKmsOperation(name)) fail('UnsupportedOperationException', `${name} is not supported by this Trent release yet.`);
    fail('UnknownOperationException', `Unknown operation ${target}`);
  }
  const body = await readBody(req);
  const { principal, region, policies } = await authenticate(ctx, req, body, ['kms']);
  const input = validateInput(inputShapeOf(name)!, parseJson(body));
  if (quotas) quotas.charge(principal.accountId, region, name, input);
  checkGrantTokens(input.GrantTokens as string[] | undefined);
  const call = newCall(req, requestId, principal, policies, region);
  sendJson(res, requestId, await op.handler(ctx, call, input));
  return name;
}

function newCall(req: IncomingMessage, requestId: string, principal: Call['principal'], policies: Call['policies'], region: string): Call {
  return { principal, policies, region, requestId, sourceIp: req.socket.remoteAddress ?? '', userAgent: req.headers['user-agent'] ?? '', secure: 'encrypted' in req.socket };
}

/** IAM and STS: form body, SigV4 scope names the service, XML replies. */
async function handleQuery(ctx: Ctx, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<string> {
  let ns = QUERY_SERVICES.iam!.ns;
  try {
    const body = await readBody(req);
    const { principal, region, policies, service } = await authenticate(ctx, req, body, ['iam', 'sts']);
    ns = QUERY_SERVICES[service]!.ns;
    return await runQuery(ctx, newCall(req, requestId, principal, policies, region), QUERY_SERVICES[service]!, new URLSearchParams(body.toString('utf8')), res);
  } catch (err) {
    if (!(err instanceof QueryError) && !(err instanceof KmsError)) throw err;
    sendQueryError(res, ns, err, requestId);
    return err instanceof QueryError ? err.code : err.name;
  }
}

/** Builds the request listener for node:http / node:https. */
export function createHandler(ctx: Ctx): (req: IncomingMessage, res: ServerResponse) => void {
  const quotas = quotasFor(ctx.config.quotas, ctx.config.workers);
  return (req, res) => {
    const requestId = uuid();
    const started = process.hrtime.bigint();
    let operation = '-';
    const done = (status: number, error?: string) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logRequest(ctx.log, requestId, operation, status, error, ms);
      observeRequest(operation, error ?? (status < 400 ? 'ok' : String(status)), ms / 1000);
    };
    void (async () => {
      if (req.method === 'GET' && req.url === '/health') return health(ctx, res);
      if (req.method === 'GET' && req.url === '/metrics') return serveMetrics(res);
      if (isQueryRequest(req)) {
        operation = await handleQuery(ctx, req, res, requestId);
        return done(res.statusCode);
      }
      const target = req.headers['x-amz-target'];
      if (req.method !== 'POST' || typeof target !== 'string' || !target.startsWith(KMS_PREFIX)) {
        fail('UnknownOperationException', `Unknown operation ${typeof target === 'string' ? target : ''}`.trim());
      }
      operation = target.slice(KMS_PREFIX.length);
      await handleKms(ctx, quotas, req, res, requestId, target);
      done(200);
    })().catch((err: unknown) => {
      const e = err instanceof KmsError ? err : internal(ctx, err, requestId);
      if (!res.headersSent) sendError(res, requestId, e);
      done(e.status, e.name);
    });
  };
}

function internal(ctx: Ctx, err: unknown, requestId: string): KmsError {
  if (ctx.store.dialect.isUnavailable(err)) {
    ctx.log.warn({ requestId, err: err instanceof Error ? err.message : String(err) }, 'store unavailable');
    return new KmsError('DependencyTimeoutException', 'The key store did not answer in time. The request can be retried.');
  }
  // Log the kind of failure only: messages of lower layers never carry secrets, but stacks stay out of replies.
  ctx.log.error({ requestId, err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, 'internal error');
  return new KmsError('KMSInternalException', 'An internal error occurred. The request can be retried.');
}

async function health(ctx: Ctx, res: ServerResponse): Promise<void> {
  await ctx.store.getMeta('admin_access_key_id');
  const body = JSON.stringify({ status: 'ok' });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
