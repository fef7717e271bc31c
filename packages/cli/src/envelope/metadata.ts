/** `--metadata-output`: one JSON line per processed file (header, suite, encryption context, EDKs), as aws-encryption-cli. */
import type { MessageHeader } from '@trent/sdk';
import { suiteHex } from '@trent/sdk';

/** Provider info as text when it is printable UTF-8 (ARNs, key names), Base64 otherwise (raw AES IVs). */
function info(b: Buffer): { providerInfo: string; providerInfoEncoding: 'utf8' | 'base64' } {
  const text = b.toString('utf8');
  return /^[\x20-\x7e\u00a0-\uffff]*$/.test(text) && Buffer.from(text, 'utf8').equals(b)
    ? { providerInfo: text, providerInfoEncoding: 'utf8' }
    : { providerInfo: b.toString('base64'), providerInfoEncoding: 'base64' };
}

/** The metadata record of one message; contains no plaintext and no key material. */
export function metadataRecord(mode: 'encrypt' | 'decrypt', input: string, output: string, h: MessageHeader): object {
  return {
    mode, input, output,
    header: {
      version: h.version,
      algorithm: h.suite.name,
      algorithmSuiteId: suiteHex(h.suite.id),
      messageId: h.messageId.toString('base64'),
      encryptionContext: h.encryptionContext,
      contentType: h.contentType === 2 ? 'framed' : 'non-framed',
      frameLength: h.frameLength,
      encryptedDataKeys: h.encryptedDataKeys.map((k) => ({ providerId: k.providerId, ...info(k.providerInfo), ciphertextLength: k.ciphertext.length })),
    },
  };
}
