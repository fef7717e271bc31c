/** Turns `--input`/`--output` into (input, output) file pairs, as aws-encryption-cli does. */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { SdkError } from '@trent/sdk';

/** One file to process; `-` is stdin/stdout. */
export interface Job { input: string; output: string; size?: number }

const isDir = (p: string) => { try { return statSync(p).isDirectory(); } catch { return false; } };

/** Lists the jobs; directories need `--recursive`, and then the output must be a directory. */
export function planJobs(input: string, output: string, recursive: boolean, suffix: string): Job[] {
  if (input === '-') {
    if (output !== '-' && isDir(output)) throw new SdkError('BadInput', 'stdin input needs a file or - as output');
    return [{ input, output }];
  }
  let st;
  try { st = statSync(input); } catch { throw new SdkError('BadInput', `input ${input} does not exist`); }
  if (st.isDirectory()) {
    if (!recursive) throw new SdkError('BadInput', `input ${input} is a directory: use --recursive`);
    if (output === '-' || (!isDir(output) && exists(output))) throw new SdkError('BadInput', 'a directory input needs a directory output');
    return walk(input).map((f) => ({ input: f, output: join(output, relative(input, f) + suffix), size: statSync(f).size }));
  }
  const out = output !== '-' && isDir(output) ? join(output, basename(input) + suffix) : output;
  return [{ input, output: out, size: st.size }];
}

function exists(p: string): boolean { try { statSync(p); return true; } catch { return false; } }

/** Regular files below `dir`, in a stable order. */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) out.push(...walk(full));
    else if (st.isFile()) out.push(full);
  }
  return out;
}
