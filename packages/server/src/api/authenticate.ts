/** Step two of the pipeline: SigV4 against the stored secret, the clock, the service and the region. */
import type { IncomingMessage } from 'node:http';
import { fail } from './errors.js';
import type { Ctx } from '../context.js';
import type { Principal } from '../auth/principal.js';
import type { CompiledPolicy } from '../auth/policy/index.js';
import type { Known } from '../audit/calls.js';
import { checkClock, parseCredential, verifySignature } from '../auth/sigv4.js';

/** Shared by every request without a query string (JSON 1.1 calls); only ever read. */
const NO_QUERY = new URLSearchParams();

/**
 * Verifies the request's signature; returns the principal and the region of its credential scope.
 * `known` receives what is learnt on the way (the access key id, the region, the key's owner), so
 * that a failed authentication can still be audited with it.
 */
export async function authenticate(ctx: Ctx, req: IncomingMessage, body: Buffer, services: readonly string[], known: Known = {}): Promise<{ principal: Principal; region: string; policies: CompiledPolicy[]; service: string }> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const signed = { method: req.method ?? 'POST', url, rawHeaders: req.rawHeaders, body };
  const cred = parseCredential(signed, q < 0 ? NO_QUERY : new URLSearchParams(url.slice(q + 1)));
  known.accessKeyId = cred.accessKeyId;
  if (ctx.config.regions.includes(cred.region)) known.region = cred.region;
  if (!services.includes(cred.service)) fail('InvalidSignatureException', `Credential should be scoped to correct service: '${services[0]}'. `);
  // IAM is a global service: clients sign it for us-east-1 whatever regions the deployment serves.
  const globalIam = cred.service === 'iam' && cred.region === 'us-east-1';
  if (!ctx.config.regions.includes(cred.region) && !globalIam) fail('InvalidSignatureException', `Credential should be scoped to a valid region, not '${cred.region}'. `);
  const identity = await ctx.identities.lookup(cred.accessKeyId, cred.sessionToken);
  known.principal = identity.principal;
  checkClock(cred, Date.now());
  verifySignature(signed, cred, identity.secret);
  return { principal: identity.principal, region: cred.region, policies: identity.policies, service: cred.service };
}
