/**
 * AWS exception names Trent answers with (KMS's, and CloudTrail's for LookupEvents): a closed union, so no handler can invent a name
 * a client SDK would not recognise. HTTP status is 400 except for faults (500) and throttling.
 */
export type ErrorName =
  | 'AccessDeniedException'
  | 'AlreadyExistsException'
  | 'ConflictException'
  | 'CustomKeyStoreNotFoundException'
  | 'DependencyTimeoutException'
  | 'DisabledException'
  | 'DryRunOperationException'
  | 'ExpiredImportTokenException'
  | 'ExpiredTokenException'
  | 'IncompleteSignatureException'
  | 'IncorrectKeyException'
  | 'IncorrectKeyMaterialException'
  | 'InvalidAliasNameException'
  | 'InvalidArnException'
  | 'InvalidCiphertextException'
  | 'InvalidEventCategoryException'
  | 'InvalidGrantIdException'
  | 'InvalidGrantTokenException'
  | 'InvalidImportTokenException'
  | 'InvalidKeyUsageException'
  | 'InvalidLookupAttributesException'
  | 'InvalidMarkerException'
  | 'InvalidMaxResultsException'
  | 'InvalidNextTokenException'
  | 'InvalidSignatureException'
  | 'InvalidTimeRangeException'
  | 'KMSInternalException'
  | 'KMSInvalidMacException'
  | 'KMSInvalidSignatureException'
  | 'KMSInvalidStateException'
  | 'KeyUnavailableException'
  | 'LimitExceededException'
  | 'MalformedPolicyDocumentException'
  | 'MissingAuthenticationTokenException'
  | 'NotFoundException'
  | 'RequestEntityTooLargeException'
  | 'SerializationException'
  | 'TagException'
  | 'ThrottlingException'
  | 'UnknownOperationException'
  | 'UnrecognizedClientException'
  | 'UnsupportedOperationException'
  | 'ValidationException';

const STATUS: Partial<Record<ErrorName, number>> = {
  KMSInternalException: 500,
  DependencyTimeoutException: 500,
  KeyUnavailableException: 500,
  MissingAuthenticationTokenException: 403,
  DryRunOperationException: 412,
  RequestEntityTooLargeException: 413,
};

/** An error answered to the client as `{"__type": name, "message": message}`. */
export class KmsError extends Error {
  readonly status: number;
  constructor(override readonly name: ErrorName, message: string) {
    super(message);
    this.status = STATUS[name] ?? 400;
  }
}

/** Shorthand for throwing a KmsError. */
export function fail(name: ErrorName, message: string): never {
  throw new KmsError(name, message);
}
