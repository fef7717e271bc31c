/**
 * The data-encryption keyring: versioned AES-256 keys that seal every secret at rest. Each sealed
 * value is bound to its table, row and column by AAD, so it cannot be moved to another row.
 * Sealed format v1: 0x01 ‖ keyring version (4, BE) ‖ IV (12) ‖ ciphertext ‖ tag (16); docs/formats.md.
 */
import { AuthError, IV_LEN, gcmOpen, gcmSeal, hkdf256 } from '../crypto/aead.js';
import { lengthPrefixed } from '../crypto/encoding.js';
import { random } from '../crypto/random.js';

const SEALED_V1 = 0x01;
const HEADER = 1 + 4 + IV_LEN;

/** Raised when a sealed value does not open: tampering, a moved row, or another keyring. */
export class SealError extends Error {}

/** Versioned data-encryption keys; the newest seals, all open. */
export class Keyring {
  private constructor(private readonly keys: Map<number, Buffer>, private readonly current: number) {}

  /** A new keyring with one random key. */
  static create(): Keyring {
    return new Keyring(new Map([[1, random(32)]]), 1);
  }

  /** Reads the binary form made by `serialize` (count (2) ‖ current (4) ‖ [version (4) ‖ key (32)]…). */
  static parse(bytes: Buffer): Keyring {
    const count = bytes.readUInt16BE(0);
    const current = bytes.readUInt32BE(2);
    if (bytes.length !== 6 + count * 36) throw new SealError('keyring has the wrong length');
    const keys = new Map<number, Buffer>();
    for (let i = 0; i < count; i++) {
      const o = 6 + i * 36;
      keys.set(bytes.readUInt32BE(o), Buffer.from(bytes.subarray(o + 4, o + 36)));
    }
    if (!keys.has(current)) throw new SealError('keyring lacks its current key');
    return new Keyring(keys, current);
  }

  /** The binary form; the caller wraps it under the root key and zeroes it. */
  serialize(): Buffer {
    const out = Buffer.alloc(6 + this.keys.size * 36);
    out.writeUInt16BE(this.keys.size, 0);
    out.writeUInt32BE(this.current, 2);
    let o = 6;
    for (const [v, k] of this.keys) {
      out.writeUInt32BE(v, o);
      k.copy(out, o + 4);
      o += 36;
    }
    return out;
  }

  /** Seals `plaintext` for one column of one row. */
  seal(table: string, rowId: string, column: string, plaintext: Buffer): Buffer {
    const header = Buffer.alloc(HEADER);
    header[0] = SEALED_V1;
    header.writeUInt32BE(this.current, 1);
    random(IV_LEN).copy(header, 5);
    const aad = lengthPrefixed(['trent-sealed-v1', header, table, rowId, column]);
    return Buffer.concat([header, gcmSeal(this.keys.get(this.current)!, header.subarray(5), plaintext, aad)]);
  }

  /** Opens a value sealed for exactly this table, row and column. */
  unseal(table: string, rowId: string, column: string, sealed: Buffer): Buffer {
    if (sealed.length < HEADER + 16 || sealed[0] !== SEALED_V1) throw new SealError(`sealed ${table}.${column} of ${rowId} is malformed`);
    const key = this.keys.get(sealed.readUInt32BE(1));
    if (!key) throw new SealError(`sealed ${table}.${column} of ${rowId} names an unknown keyring version`);
    const header = sealed.subarray(0, HEADER);
    const aad = lengthPrefixed(['trent-sealed-v1', header, table, rowId, column]);
    try {
      return gcmOpen(key, header.subarray(5), sealed.subarray(HEADER), aad);
    } catch (err) {
      if (err instanceof AuthError) throw new SealError(`sealed ${table}.${column} of ${rowId} does not authenticate`);
      throw err;
    }
  }

  /**
   * A 32-byte subkey for one purpose (import-token MACs, imported material ids), derived from the
   * keyring's oldest version, which is never retired: the subkey stays the same as versions are added.
   */
  derive(purpose: string): Buffer {
    const oldest = Math.min(...this.keys.keys());
    return hkdf256(this.keys.get(oldest)!, Buffer.alloc(0), Buffer.from(`trent-derive-v1/${purpose}`, 'utf8'), 32);
  }

  /** Zeroes every key (shutdown). */
  destroy(): void {
    for (const k of this.keys.values()) k.fill(0);
  }
}
