/**
 * A root key inside a PKCS#11 token (an HSM, or SoftHSM2 for tests): a non-extractable,
 * sensitive AES-256 secret key found by its label. The keyring is encrypted and decrypted by the
 * token with CKM_AES_GCM; the key never leaves it.
 * Wrapped format: 'H1' ‖ IV (12, from the token's RNG) ‖ AES-256-GCM ciphertext ‖ tag (16); docs/formats.md.
 */
import { createRequire } from 'node:module';
import type * as Pkcs11Types from 'pkcs11js';
import type { Pkcs11Config } from '../config.js';
import { RootKeyError, type RootKeyProvider } from './provider.js';

const require = createRequire(import.meta.url);
const MAGIC = Buffer.from('H1');
const IV_LEN = 12;
const TAG_BITS = 128;

/** Loads pkcs11js only when an HSM is configured (it is a native addon). */
function loadPkcs11js(): typeof Pkcs11Types {
  return require('pkcs11js') as typeof Pkcs11Types;
}

/** Root key provider backed by a PKCS#11 token. */
export class Pkcs11RootKey implements RootKeyProvider {
  readonly kind = 'pkcs11';
  private readonly p11 = loadPkcs11js();
  private lib: Pkcs11Types.PKCS11 | undefined;
  private session: Buffer | undefined;
  private key: Buffer | undefined;

  /** `mayCreateKey`: generate the key when the token lacks it (only `trent root init` / `root rotate` ask). */
  constructor(private readonly cfg: Pkcs11Config, private readonly mayCreateKey = false) {}

  async open(create: boolean): Promise<void> {
    const lib = new this.p11.PKCS11();
    try { lib.load(this.cfg.module); } catch (err) { throw new RootKeyError(`cannot load the PKCS#11 module ${this.cfg.module}: ${(err as Error).message}`); }
    lib.C_Initialize();
    this.lib = lib;
    try {
      this.session = lib.C_OpenSession(this.findSlot(lib), this.p11.CKF_SERIAL_SESSION | this.p11.CKF_RW_SESSION);
      this.login(lib, this.session);
      this.key = this.findKey(lib, this.session) ?? (create && this.mayCreateKey ? this.generateKey(lib, this.session) : undefined);
      if (!this.key) {
        throw new RootKeyError(`the PKCS#11 token has no secret key labelled '${this.cfg.keyLabel}': TRENT_PKCS11_KEY_LABEL must name the key this data is sealed under (a new deployment creates one with \`trent root init\`)`);
      }
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  private findSlot(lib: Pkcs11Types.PKCS11): Buffer {
    const slots = lib.C_GetSlotList(true);
    if (this.cfg.slot !== undefined) {
      const slot = slots.find((s) => Number(s.length >= 8 ? s.readBigUInt64LE(0) : s.readUInt32LE(0)) === this.cfg.slot);
      if (!slot) throw new RootKeyError(`PKCS#11 slot ${this.cfg.slot} has no token`);
      return slot;
    }
    if (!this.cfg.tokenLabel) throw new RootKeyError('set TRENT_PKCS11_TOKEN_LABEL (or TRENT_PKCS11_SLOT) to name the token holding the root key');
    const slot = slots.find((s) => lib.C_GetTokenInfo(s).label.trim() === this.cfg.tokenLabel);
    if (!slot) throw new RootKeyError(`no PKCS#11 token labelled '${this.cfg.tokenLabel}' in ${this.cfg.module}`);
    return slot;
  }

  private login(lib: Pkcs11Types.PKCS11, session: Buffer): void {
    if (!this.cfg.pin) throw new RootKeyError('TRENT_PKCS11_PIN is not set: the pkcs11 root key provider needs the token user PIN');
    try {
      lib.C_Login(session, this.p11.CKU_USER, this.cfg.pin);
    } catch (err) {
      const msg = (err as Error).message;
      if (/CKR_USER_ALREADY_LOGGED_IN/.test(msg)) return;
      if (/CKR_PIN_INCORRECT|CKR_PIN_LEN_RANGE/.test(msg)) throw new RootKeyError('wrong PKCS#11 PIN: the token refused TRENT_PKCS11_PIN');
      throw new RootKeyError(`PKCS#11 login failed: ${msg}`);
    }
  }

  private findKey(lib: Pkcs11Types.PKCS11, session: Buffer): Buffer | undefined {
    lib.C_FindObjectsInit(session, [
      { type: this.p11.CKA_CLASS, value: this.p11.CKO_SECRET_KEY },
      { type: this.p11.CKA_LABEL, value: this.cfg.keyLabel },
    ]);
    try {
      const found = lib.C_FindObjects(session, 2);
      if (found.length > 1) throw new RootKeyError(`the PKCS#11 token holds several keys labelled '${this.cfg.keyLabel}'`);
      return found[0];
    } finally { lib.C_FindObjectsFinal(session); }
  }

  /** A persistent AES-256 key that never leaves the token (sensitive, not extractable). */
  private generateKey(lib: Pkcs11Types.PKCS11, session: Buffer): Buffer {
    const p = this.p11;
    return lib.C_GenerateKey(session, { mechanism: p.CKM_AES_KEY_GEN }, [
      { type: p.CKA_CLASS, value: p.CKO_SECRET_KEY },
      { type: p.CKA_KEY_TYPE, value: p.CKK_AES },
      { type: p.CKA_VALUE_LEN, value: 32 },
      { type: p.CKA_LABEL, value: this.cfg.keyLabel },
      { type: p.CKA_TOKEN, value: true },
      { type: p.CKA_PRIVATE, value: true },
      { type: p.CKA_SENSITIVE, value: true },
      { type: p.CKA_EXTRACTABLE, value: false },
      { type: p.CKA_ENCRYPT, value: true },
      { type: p.CKA_DECRYPT, value: true },
    ]);
  }

  private gcm(iv: Buffer, aad: Buffer): Pkcs11Types.Mechanism {
    const parameter: Pkcs11Types.AesGCM = { type: this.p11.CK_PARAMS_AES_GCM, iv, aad, ivBits: IV_LEN * 8, tagBits: TAG_BITS };
    return { mechanism: this.p11.CKM_AES_GCM, parameter };
  }

  async wrap(plaintext: Buffer, aad: Buffer): Promise<Buffer> {
    const { lib, session, key } = this.must();
    const iv = lib.C_GenerateRandom(session, Buffer.alloc(IV_LEN));
    lib.C_EncryptInit(session, this.gcm(iv, aad), key);
    const out = lib.C_Encrypt(session, plaintext, Buffer.alloc(plaintext.length + TAG_BITS / 8 + 16));
    return Buffer.concat([MAGIC, iv, out]);
  }

  async unwrap(wrapped: Buffer, aad: Buffer): Promise<Buffer> {
    const { lib, session, key } = this.must();
    if (wrapped.length < 2 + IV_LEN + TAG_BITS / 8 || !wrapped.subarray(0, 2).equals(MAGIC)) {
      throw new RootKeyError('the keyring was not sealed by a PKCS#11 root key: start with the root key provider it was sealed under');
    }
    const iv = wrapped.subarray(2, 2 + IV_LEN);
    try {
      lib.C_DecryptInit(session, this.gcm(Buffer.from(iv), aad), key);
      return Buffer.from(lib.C_Decrypt(session, wrapped.subarray(2 + IV_LEN), Buffer.alloc(wrapped.length)));
    } catch (err) {
      throw new RootKeyError(`the keyring does not open with the PKCS#11 key '${this.cfg.keyLabel}': this data is sealed under another root key (${(err as Error).message})`);
    }
  }

  async close(): Promise<void> {
    const lib = this.lib;
    this.lib = undefined;
    if (!lib) return;
    try { if (this.session) lib.C_CloseSession(this.session); } catch { /* already closed */ }
    try { lib.C_Finalize(); } catch { /* not initialised */ }
    this.session = undefined;
    this.key = undefined;
  }

  private must(): { lib: Pkcs11Types.PKCS11; session: Buffer; key: Buffer } {
    if (!this.lib || !this.session || !this.key) throw new RootKeyError('PKCS#11 root key provider not opened');
    return { lib: this.lib, session: this.session, key: this.key };
  }
}
