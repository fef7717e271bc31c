/** Options shared by the one-shot and streaming APIs, and their normalization. */
import { SdkError } from '../errors.js';
import { assertNoReservedKeys, type EncryptionContext } from '../format/context.js';
import { parseSuite, suiteById, type AlgorithmSuite } from '../format/suites.js';
import { DefaultMaterialsManager } from '../cmm/default.js';
import { isMaterialsManager, type Keyring, type MaterialsManager } from '../materials.js';
import { DEFAULT_POLICY, type CommitmentPolicy } from '../policy.js';
import type { ParallelHash } from './hasher.js';

/** Default cap on a streamed non-framed body, which must be held until its tag verifies. */
export const STREAM_NON_FRAMED_LIMIT = 64 << 20;

/** Default frame length, as the other ESDKs (spec: client-apis/encrypt.md). */
export const DEFAULT_FRAME_LENGTH = 4096;

/** Client-wide settings (spec: client-apis/client.md). */
export interface ClientOptions {
  /**
   * Streams only: hash signed messages over 1 MiB on a worker thread — `auto` (default) when a
   * second core looks free, `always`, or `never`. One-shot calls always hash inline.
   */
  parallelHash?: ParallelHash;
  /** Default REQUIRE_ENCRYPT_REQUIRE_DECRYPT. */
  commitmentPolicy?: CommitmentPolicy;
  /** Refuse messages/materials with more EDKs than this (default: unlimited). */
  maxEncryptedDataKeys?: number;
}

/** Options of encrypt / encryptStream. */
export interface EncryptOptions extends ClientOptions {
  encryptionContext?: EncryptionContext;
  /** Suite id (0x0578), name, or descriptor; default depends on the commitment policy. */
  suite?: number | string | AlgorithmSuite;
  frameLength?: number;
  /** Total plaintext bytes when known in advance (used by the caching CMM). */
  plaintextLength?: number;
}

/** Options of decrypt / decryptStream. */
export interface DecryptOptions extends ClientOptions {
  /** Decrypt-time ("reproduced") encryption context checked against the message (spec: decrypt.md). */
  encryptionContext?: EncryptionContext;
  /** Refuse signed suites (streaming without holding back data for the footer). */
  refuseSigned?: boolean;
  /**
   * Largest non-framed (legacy) body a stream will hold while waiting for its single tag
   * (default 64 MiB for streams, unlimited for one-shot calls, whose input is in memory anyway).
   */
  maxNonFramedLength?: number;
}

/** Resolved settings used by the message code. */
export interface Resolved { cmm: MaterialsManager; policy: CommitmentPolicy; maxEdks: number }

/** Wraps a bare keyring in the default CMM and checks the client options. */
export function resolveClient(source: Keyring | MaterialsManager, opts: ClientOptions): Resolved {
  const maxEdks = opts.maxEncryptedDataKeys ?? Infinity;
  if (!(maxEdks === Infinity || (Number.isInteger(maxEdks) && maxEdks >= 1))) throw new SdkError('BadInput', 'max encrypted data keys must be a positive integer');
  const cmm = isMaterialsManager(source) ? source : new DefaultMaterialsManager(source);
  return { cmm, policy: opts.commitmentPolicy ?? DEFAULT_POLICY, maxEdks };
}

/** Normalizes encrypt options: suite, frame length and user EC (reserved keys refused). */
export function resolveEncrypt(opts: EncryptOptions): { suite?: AlgorithmSuite; frameLength: number; ec: EncryptionContext } {
  const frameLength = opts.frameLength ?? DEFAULT_FRAME_LENGTH;
  if (!Number.isInteger(frameLength) || frameLength < 1 || frameLength > 0xffffffff) throw new SdkError('BadInput', 'frame length must be 1..4294967295');
  const ec = { ...(opts.encryptionContext ?? {}) };
  assertNoReservedKeys(ec);
  const s = opts.suite;
  const suite = s === undefined ? undefined : typeof s === 'number' ? suiteById(s) : typeof s === 'string' ? parseSuite(s) : s;
  return { suite, frameLength, ec };
}
