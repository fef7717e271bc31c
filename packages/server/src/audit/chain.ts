/**
 * The hash chain of audit events (docs/audit.md): each event's hash covers its chain, its place in
 * it, its predecessor's hash and the exact stored record, so no event can be changed, moved,
 * removed or inserted without breaking a link.
 */
import { sha256Hex } from '../crypto/aead.js';

/** The predecessor hash of a chain's first event. */
export const GENESIS_HASH = '0'.repeat(64);

const DOMAIN = 'trent-audit-event-v1';

/** hex(SHA-256("trent-audit-event-v1\n" chainId "\n" seq "\n" prevHash "\n" record)). */
export function eventHash(chainId: string, seq: number, prevHash: string, record: string): string {
  return sha256Hex(`${DOMAIN}\n${chainId}\n${seq}\n${prevHash}\n${record}`);
}
