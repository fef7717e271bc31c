/** Errors raised by the envelope-encryption SDK: one class with a stable code, never carrying key material. */

/** Stable error codes; callers branch on these, not on message text. */
export type SdkErrorCode =
  | 'BadInput'
  | 'MalformedMessage'
  | 'TruncatedMessage'
  | 'TrailingBytes'
  | 'UnsupportedSuite'
  | 'CommitmentPolicy'
  | 'TooManyEncryptedDataKeys'
  | 'EncryptionContext'
  | 'NoDecryptableKey'
  | 'KeyringError'
  | 'AuthenticationFailed'
  | 'SignatureInvalid'
  | 'SignedSuiteRefused';

/** The single error type of @trent/sdk. Messages say what failed, never secrets. */
export class SdkError extends Error {
  readonly code: SdkErrorCode;
  constructor(code: SdkErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SdkError';
    this.code = code;
  }
}

/** Throws an {@link SdkError} when `cond` is false (pre/postcondition helper). */
export function need(cond: unknown, code: SdkErrorCode, message: string): asserts cond {
  if (!cond) throw new SdkError(code, message);
}
