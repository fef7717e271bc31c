/** Output files that appear whole or not at all: written to a hidden temporary file beside the target, renamed into place on success. */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SdkError } from '../errors.js';

/**
 * Runs `write` on a fresh temporary path (`.NAME.trent-<random>.tmp` in the target's directory, so
 * the rename stays on one file system) and renames it to `output` once `write` resolved. On any
 * failure the temporary file is removed and `output` is left as it was. `write` must create the
 * file exclusively (`wx`) with the mode it wants. With `overwrite: false` an existing `output`
 * (checked just before the rename) fails the call.
 */
export async function viaTempFile<T>(output: string, write: (tmp: string) => Promise<T>, overwrite = true): Promise<T> {
  const tmp = join(dirname(output), `.${basename(output)}.trent-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const result = await write(tmp);
    if (!overwrite && existsSync(output)) throw new SdkError('BadInput', `output ${output} exists`);
    await rename(tmp, output);
    return result;
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
