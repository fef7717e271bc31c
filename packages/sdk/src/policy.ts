/** Commitment policies (spec: client-apis/client.md, framework/commitment-policy.md). */
import { SdkError } from './errors.js';
import { suiteById, type AlgorithmSuite } from './format/suites.js';

/** The three commitment policies of the ESDK. */
export type CommitmentPolicy = 'FORBID_ENCRYPT_ALLOW_DECRYPT' | 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' | 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT';

/** The default policy: only committing suites, both ways. */
export const DEFAULT_POLICY: CommitmentPolicy = 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT';

/** Parses the CLI spelling (`require-encrypt-require-decrypt`) or the constant name. */
export function parsePolicy(text: string): CommitmentPolicy {
  const p = text.trim().toUpperCase().replace(/-/g, '_');
  if (p === 'FORBID_ENCRYPT_ALLOW_DECRYPT' || p === 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' || p === 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT') return p;
  throw new SdkError('BadInput', `unknown commitment policy "${text}"`);
}

/** Default suite per policy: 0x0578 when committing is required, 0x0378 (as the JS SDK) otherwise. */
export function defaultSuite(policy: CommitmentPolicy): AlgorithmSuite {
  return suiteById(policy === 'FORBID_ENCRYPT_ALLOW_DECRYPT' ? 0x0378 : 0x0578);
}

/** Refuses to encrypt with a suite the policy does not allow (spec: commitment-policy.md). */
export function assertEncryptAllowed(policy: CommitmentPolicy, suite: AlgorithmSuite): void {
  const wantCommit = policy !== 'FORBID_ENCRYPT_ALLOW_DECRYPT';
  if (suite.committing !== wantCommit) {
    throw new SdkError('CommitmentPolicy', `commitment policy ${policy} does not allow encrypting with ${suite.name}`);
  }
}

/** Refuses to decrypt a non-committing suite under REQUIRE_ENCRYPT_REQUIRE_DECRYPT. */
export function assertDecryptAllowed(policy: CommitmentPolicy, suite: AlgorithmSuite): void {
  if (policy === 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' && !suite.committing) {
    throw new SdkError('CommitmentPolicy', `commitment policy ${policy} refuses non-committing suite ${suite.name}`);
  }
}
