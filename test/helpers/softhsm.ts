/** A SoftHSM2 token of the test's own (its own token directory and configuration), for the pkcs11 root key. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's softhsm2 package puts the PKCS#11 module. */
export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

/** Installs Debian's softhsm2 when it is missing (scripts/ci-deps.sh does the same in CI). */
function ensureSoftHsm(): void {
  if (existsSync(SOFTHSM_MODULE)) return;
  execFileSync('bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq softhsm2'], { stdio: 'ignore' });
}

/**
 * A new initialised token; returns the environment that points Trent at it (the PKCS#11 settings
 * and SOFTHSM2_CONF, which the module reads). The root key itself is not created.
 */
export function softHsmToken(label = 'trent-test', pin = '1234'): Record<string, string> {
  ensureSoftHsm();
  const dir = mkdtempSync(join(tmpdir(), 'trent-softhsm-'));
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', '87654321'], { env: { ...process.env, SOFTHSM2_CONF: conf }, stdio: 'ignore' });
  return {
    SOFTHSM2_CONF: conf, TRENT_ROOT_KEY_PROVIDER: 'pkcs11', TRENT_PKCS11_MODULE: SOFTHSM_MODULE,
    TRENT_PKCS11_TOKEN_LABEL: label, TRENT_PKCS11_PIN: pin, TRENT_PKCS11_KEY_LABEL: 'trent-root',
  };
}
