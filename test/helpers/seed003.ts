/**
 * Seed 003's shell steps exactly as the article writes them, with only `--endpoint-url $EP` added:
 * one copy for the tests that walk it (import.test.ts with the CLI, console.test.ts in the console).
 */

/** "Generate the plaintext random key" and "Encrypt the plaintext key with AWS wrapping key". */
export const wrapKeyMaterial = (wrappingKey: string): string => `
openssl rand -out PlaintextKeyMaterial.bin 32
openssl rsautl -encrypt \\
-in PlaintextKeyMaterial.bin \\
-oaep \\
-inkey ${wrappingKey} \\
-keyform DER \\
-pubin \\
-out EncryptedKeyMaterial.bin`;

/** "Encrypt the contents of the file", "Decrypt the ciphertext" and "check the file contents". */
export const roundTrip = `
aws kms encrypt \\
--key-id alias/mykey \\
--plaintext fileb://my_secret_message.txt \\
--query CiphertextBlob \\
--output text --endpoint-url $EP \\
| base64 -d > my_encrypted_secret_message.enc
aws kms decrypt \\
--ciphertext-blob fileb://my_encrypted_secret_message.enc \\
--query Plaintext \\
--output text --endpoint-url $EP \\
| base64 -d > my_decrypted_secret_message.txt
cat my_decrypted_secret_message.txt`;

/** The one-line decrypt the article repeats after deleting and re-importing the key material. */
export const decryptAgain = 'aws kms decrypt --ciphertext-blob fileb://my_encrypted_secret_message.enc --query Plaintext --output text --endpoint-url $EP | base64 -d > my_decrypted_secret_message.txt';
