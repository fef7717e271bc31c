/** Step two of the pipeline: SigV4 against the stored secret, the clock, the service and the region. */
import type { IncomingMessage } from 'node:http';
import { fail } from './errors.js';
import type { Ctx } from '../context.js';
import type { Principal } from '../auth/principal.js';
import { checkClock, parseCredential, verifySignature } from '../auth/sigv4.js';

/** Verifies the request's signature; returns the principal and the region of its credential scope. */
export async function authenticate(ctx: Ctx, req: IncomingMessage, body: Buffer, service: string): Promise<{ principal: Principal; region: string }> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const signed = { method: req.method ?? 'POST', url, rawHeaders: req.rawHeaders, body };
  const cred = parseCredential(signed, new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
  if (cred.service !== service) fail('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'. `);
  if (!ctx.config.regions.includes(cred.region)) fail('InvalidSignatureException', `Credential should be scoped to a valid region, not '${cred.region}'. `);
  const identity = await ctx.identities.lookup(cred.accessKeyId);
  checkClock(cred, Date.now());
  verifySignature(signed, cred, identity.secret);
  return { principal: identity.principal, region: cred.region };
}
