/** `trent encrypt` and `trent decrypt`: the envelope-encryption CLI, familiar to aws-encryption-cli users. */
import { appendFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parsePolicy, SdkError, type CommitmentPolicy } from '@trent/sdk';
import { parseEncryptionContext, positiveInt } from '../envelope/context-args.js';
import { planJobs } from '../envelope/jobs.js';
import { metadataRecord } from '../envelope/metadata.js';
import { runJob, type RunSettings } from '../envelope/run.js';
import { buildKeyring } from '../envelope/wrapping-keys.js';
import { cachingFromArgs } from '../envelope/caching-args.js';

/** Options commander collects for both subcommands. */
interface EnvelopeOpts {
  input: string; output: string; recursive?: boolean; suffix?: string; wrappingKeys?: string[]; encryptionContext?: string[];
  commitmentPolicy?: string; algorithmSuite?: string; frameLength?: number; maxEncryptedDataKeys?: number;
  metadataOutput?: string; suppressMetadata?: boolean; buffer?: boolean; decryptUnsigned?: boolean; encode?: boolean; decode?: boolean;
  endpointUrl?: string; region?: string; profile?: string; overwrite: boolean; caching?: string[];
}

/** Registers `trent encrypt` and `trent decrypt` (the envelope-encryption CLI). */
export function register(program: Command): void {
  for (const mode of ['encrypt', 'decrypt'] as const) {
    const cmd = program.command(mode).description(mode === 'encrypt'
      ? 'encrypt files or stdin into AWS Encryption SDK messages'
      : 'decrypt AWS Encryption SDK messages; output appears only once verified');
    cmd.requiredOption('-i, --input <path>', 'input file, directory (with --recursive) or - for stdin')
      .requiredOption('-o, --output <path>', 'output file, directory or - for stdout')
      .option('-r, --recursive', 'process every file below an input directory')
      .option('--suffix <suffix>', `suffix for files written into an output directory (default .${mode}ed)`)
      .option('-w, --wrapping-keys <spec...>', 'key=<KMS key id, ARN or alias> | file=<keys.json> | discovery=true | discovery-account=<id> | discovery-partition=<p> | region=<r> | profile=<p>')
      .option('-c, --encryption-context <pair...>', 'k=v pairs or @file.json (on decrypt: pairs the message must carry)')
      .option('--commitment-policy <policy>', 'forbid-encrypt-allow-decrypt | require-encrypt-allow-decrypt | require-encrypt-require-decrypt', 'require-encrypt-require-decrypt')
      .option('--max-encrypted-data-keys <n>', 'refuse messages with more encrypted data keys', positiveInt)
      .option('--metadata-output <file>', 'append one JSON line of message metadata per file (- for stdout)')
      .option('-S, --suppress-metadata', 'write no metadata')
      .option('-b, --buffer', 'hold all output until the whole message is processed')
      .option('--encode', 'write output as Base64')
      .option('--decode', 'read input as Base64')
      .option('--endpoint-url <url>', 'KMS endpoint (default: AWS_ENDPOINT_URL or the AWS endpoint)')
      .option('--region <region>', 'AWS region for KMS keys given without an ARN')
      .option('--profile <profile>', 'AWS profile for credentials and region')
      .option('--no-overwrite', 'fail instead of replacing an existing output file')
      .option('--caching <setting...>', 'data key caching: capacity=N max_age=S [max_messages_encrypted=N] [max_bytes_encrypted=N]');
    if (mode === 'encrypt') {
      cmd.option('--algorithm-suite <suite>', 'suite id (0x0578) or name')
        .option('--frame-length <bytes>', 'plaintext bytes per frame (default 4096)', positiveInt);
    } else {
      cmd.option('--decrypt-unsigned', 'refuse messages with signed algorithm suites');
    }
    cmd.action(async (opts: EnvelopeOpts) => { process.exitCode = await runCommand(mode, opts); });
  }
}

/** Runs every job; returns the exit status. Errors name what failed, never key material. */
async function runCommand(mode: 'encrypt' | 'decrypt', o: EnvelopeOpts): Promise<number> {
  try {
    const policy: CommitmentPolicy = parsePolicy(o.commitmentPolicy ?? 'require-encrypt-require-decrypt');
    if (o.metadataOutput && o.suppressMetadata) throw new SdkError('BadInput', '--metadata-output and --suppress-metadata exclude each other');
    if (o.metadataOutput === '-' && o.output === '-') throw new SdkError('BadInput', 'metadata and output cannot both go to stdout');
    const keyring = buildKeyring(o.wrappingKeys ?? [], { endpointUrl: o.endpointUrl, region: o.region, profile: o.profile }, mode);
    const ec = parseEncryptionContext(o.encryptionContext);
    const client = { commitmentPolicy: policy, maxEncryptedDataKeys: o.maxEncryptedDataKeys };
    const settings: RunSettings = {
      mode, source: cachingFromArgs(o.caching, keyring),
      encrypt: { ...client, encryptionContext: ec, suite: o.algorithmSuite, frameLength: o.frameLength },
      decrypt: { ...client, encryptionContext: ec, refuseSigned: o.decryptUnsigned },
      encode: Boolean(o.encode), decode: Boolean(o.decode), buffer: Boolean(o.buffer), overwrite: o.overwrite,
    };
    if (o.metadataOutput && o.metadataOutput !== '-') writeFileSync(o.metadataOutput, '', { flag: 'a' });
    for (const job of planJobs(o.input, o.output, Boolean(o.recursive), o.suffix ?? `.${mode}ed`)) {
      const header = await runJob(job, settings).catch((e: unknown) => { throw new JobError(job.input, e); });
      if (o.metadataOutput) writeMetadata(o.metadataOutput, metadataRecord(mode, job.input, job.output, header));
    }
    return 0;
  } catch (e) {
    process.stderr.write(`trent ${mode}: ${describe(e)}\n`);
    return 1;
  }
}

class JobError extends Error {
  constructor(readonly input: string, readonly inner: unknown) { super(describe(inner)); }
}

function describe(e: unknown): string {
  if (e instanceof JobError) return `${e.input === '-' ? 'stdin' : e.input}: ${e.message}`;
  if (e instanceof SdkError) return `${e.message} [${e.code}]`;
  return e instanceof Error ? e.message : String(e);
}

function writeMetadata(target: string, record: object): void {
  const line = JSON.stringify(record) + '\n';
  if (target === '-') process.stdout.write(line);
  else appendFileSync(target, line);
}
