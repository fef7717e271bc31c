/**
 * The HTTP front door: route → read body → authenticate → parse → validate → operation → audit → reply.
 * Every failure becomes an AWS error body; nothing unexpected ever reaches the client as a stack.
 * Every call, answered or refused, is recorded before its reply is sent; when the record cannot be
 * written, the call fails (fail closed).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KmsError, fail } from './errors.js';
import { sendError, sendJson } from './wire.js';
import { authenticate } from './authenticate.js';
import type { Call, Ctx } from '../context.js';
import { uuid } from '../crypto/random.js';
import { logRequest } from '../log.js';
import { jsonServiceFor, type JsonService } from './json-services.js';
import { QUERY_SERVICES, isQueryRequest, runQuery } from './query/dispatch.js';
import { QueryError, queryErrorCode, sendQuery, sendQueryError } from './query/protocol.js';
import { newTrail, recordCall, type Trail } from '../audit/calls.js';
import { safeQueryParams, safeQueryValue } from '../audit/params.js';
import { observeRequest, serveMetrics } from '../metrics.js';
import { type Quotas, quotasFor } from './quotas/limiter.js';
import { servePublicKeys } from '../audit/signing-key.js';
import { isConsoleRequest, loadConsole, serveConsole } from './console.js';

const MAX_BODY = 1024 * 1024;

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

/** Runs a KMS or CloudTrail call; returns its reply, which is sent once its audit event has committed. */
async function handleJson(ctx: Ctx, quotas: Quotas | undefined, req: IncomingMessage, trail: Trail, svc: JsonService): Promise<Record<string, unknown>> {
  const name = trail.eventName;
  const op = svc.ops.get(name);
  if (!op) {
    if (svc.unsupported(name)) fail('UnsupportedOperationException', `${name} is not supported by this Trent release yet.`);
    fail('UnknownOperationException', `Unknown operation ${svc.prefix}${name}`);
  }
  const body = await readBody(req);
  const { principal, region, policies } = await authenticate(ctx, req, body, [svc.signingName], trail.known);
  const raw = parseJson(body);
  trail.params = () => svc.params(name, raw);
  const input = svc.input(name, raw);
  if (quotas && svc.service === 'kms') quotas.charge(principal.accountId, region, name, input);
  const call = trail.call = newCall(req, trail.requestId, principal, policies, region);
  const output = await op.handler(ctx, call, input);
  trail.response = () => svc.response(name, output);
  return output;
}

function newCall(req: IncomingMessage, requestId: string, principal: Call['principal'], policies: Call['policies'], region: string): Call {
  return { principal, policies, region, requestId, sourceIp: req.socket.remoteAddress ?? '', userAgent: req.headers['user-agent'] ?? '', secure: 'encrypted' in req.socket };
}

/** IAM and STS: form body, SigV4 scope names the service, XML replies (sent once the call's event has committed). */
async function handleQuery(ctx: Ctx, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<string> {
  let service = QUERY_SERVICES.iam!;
  const trail = newTrail(req, requestId, 'iam', '');
  try {
    const body = await readBody(req);
    const params = new URLSearchParams(body.toString('utf8'));
    trail.eventName = params.get('Action') ?? '';
    trail.params = () => safeQueryParams(params);
    const auth = await authenticate(ctx, req, body, ['iam', 'sts'], trail.known);
    trail.service = auth.service as 'iam' | 'sts';
    service = QUERY_SERVICES[auth.service]!;
    const call = trail.call = newCall(req, requestId, auth.principal, auth.policies, auth.region);
    const result = await runQuery(ctx, call, service, params);
    trail.response = () => safeQueryValue(result) as Record<string, unknown> | null;
    await recordCall(ctx, trail);
    sendQuery(res, service.ns, trail.eventName, result, requestId);
    return trail.eventName;
  } catch (err) {
    // As for KMS calls: an internal failure is recorded too, and a call whose event cannot be written fails closed.
    let e: QueryError | KmsError = err instanceof QueryError || err instanceof KmsError ? err : internal(ctx, err, requestId);
    try { await recordCall(ctx, trail, { code: queryErrorCode(e), message: e.message }); } catch (auditErr) { e = internal(ctx, auditErr, requestId); }
    sendQueryError(res, service.ns, e, requestId);
    return e instanceof QueryError ? e.code : (e as KmsError).name;
  }
}

/** Builds the request listener for node:http / node:https. */
export function createHandler(ctx: Ctx): (req: IncomingMessage, res: ServerResponse) => void {
  const quotas = quotasFor(ctx.config.quotas, ctx.config.workers);
  const consoleFiles = loadConsole(ctx.config.regions, ctx.log);
  return (req, res) => {
    const requestId = uuid();
    const started = process.hrtime.bigint();
    let operation = '-';
    let entered = false;
    const done = (status: number, error?: string) => {
      if (entered) ctx.audit.leave();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logRequest(ctx.log, requestId, operation, status, error, ms);
      observeRequest(operation, error ?? (status < 400 ? 'ok' : String(status)), ms / 1000);
    };
    void (async () => {
      if (req.method === 'GET' && req.url === '/health') return health(ctx, res);
      if (req.method === 'GET' && req.url === '/metrics') return serveMetrics(res);
      if (req.method === 'GET' && req.url === '/audit/public-keys') return servePublicKeys(ctx.store, res);
      if (isConsoleRequest(req)) return serveConsole(consoleFiles, req, res);
      ctx.audit.enter(); // an API call: its event will join a group commit (left in done)
      entered = true;
      if (isQueryRequest(req)) {
        operation = await handleQuery(ctx, req, res, requestId);
        return done(res.statusCode);
      }
      const target = req.headers['x-amz-target'];
      const svc = jsonServiceFor(typeof target === 'string' ? target : '');
      const name = typeof target === 'string' && target.startsWith(svc.prefix) ? target.slice(svc.prefix.length) : '';
      const trail = newTrail(req, requestId, svc.service, name);
      try {
        if (req.method !== 'POST' || !name) {
          trail.eventName = typeof target === 'string' ? target : '';
          fail('UnknownOperationException', `Unknown operation ${typeof target === 'string' ? target : ''}`.trim());
        }
        operation = name;
        const output = await handleJson(ctx, quotas, req, trail, svc);
        await recordCall(ctx, trail);
        sendJson(res, requestId, output);
        done(200);
      } catch (err) {
        let e = err instanceof KmsError ? err : internal(ctx, err, requestId);
        // Fail closed: a call whose event cannot be written is answered as an internal error.
        try { await recordCall(ctx, trail, { code: e.name, message: e.message }); } catch (auditErr) { e = internal(ctx, auditErr, requestId); }
        throw e;
      }
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
