/**
 * Child process of the file memory test: encryptFile then decryptFile; prints its peak RSS. Read
 * from VmHWM: on Linux `resourceUsage().maxRSS` of a spawned child starts at its parent's RSS at
 * the fork (exec keeps the maximum), so under a large test runner it measures the runner.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decryptFile, encryptFile, RawAesKeyring } from '@trent/sdk';

const [plain, enc, out] = process.argv.slice(2) as [string, string, string];
const keyring = new RawAesKeyring({ keyNamespace: 'rss', keyName: 'k', wrappingKey: randomBytes(32) });
await encryptFile(keyring, plain, enc);
await decryptFile(keyring, enc, out);
const hwm = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
process.stdout.write(JSON.stringify({ peakRssMiB: hwm ? Number(hwm) / 1024 : process.resourceUsage().maxRSS / 1024, memory: process.memoryUsage() }));
