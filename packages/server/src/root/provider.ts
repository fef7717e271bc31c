/**
 * Root key providers: what wraps the keyring. The root key never leaves its provider; Trent only
 * asks it to wrap and unwrap one small value (the keyring) at start and on `root rotate`.
 */

/** Raised when the root key is missing, wrong, or not the one the data was sealed under. */
export class RootKeyError extends Error {}

/** A source of the root of trust. */
export interface RootKeyProvider {
  /** 'file', 'passphrase' or 'pkcs11': recorded beside the wrapped keyring. */
  readonly kind: string;
  /** Prepares the provider (creating a file root key on first start when `create`). */
  open(create: boolean): Promise<void>;
  /** Wraps `plaintext` bound to `aad`. */
  wrap(plaintext: Buffer, aad: Buffer): Promise<Buffer>;
  /** Unwraps a value made by `wrap`; throws RootKeyError when it does not authenticate. */
  unwrap(wrapped: Buffer, aad: Buffer): Promise<Buffer>;
  /** Releases handles (HSM sessions). */
  close(): Promise<void>;
}
