/**
 * `osls package` the way CI and a deploy run it: no AWS credentials and, where Linux allows, no
 * network; then the CloudFormation template and the zip's file list, for serverless.test.ts to read.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../../scripts/bundle';

const run = promisify(execFile);
export const STAGE = 'ci';
export const SERVICE = 'redshift-chatops';

export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
}
export interface Template {
  Resources: Record<string, CfnResource>;
}

/** File names in a zip, from its central directory (no dependency needed for a listing). */
function zipEntries(file: string): string[] {
  const zip = readFileSync(file);
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd -= 1;
  if (eocd < 0) throw new Error(`${file} is not a zip`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry in ${file}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** `unshare -rn` gives the child an empty network namespace; not every CI kernel allows it. */
function offlinePrefix(): string[] {
  if (process.platform !== 'linux') return [];
  try {
    execFileSync('unshare', ['-rn', 'true'], { stdio: 'ignore' });
    return ['unshare', '-rn'];
  } catch {
    return [];
  }
}

/** The environment minus every AWS credential source, plus the switches that keep the CLI quiet. */
function credentialFreeEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_')) env[key] = value;
  }
  return {
    ...env,
    AWS_SHARED_CREDENTIALS_FILE: path.join(repoRoot, '.serverless-no-credentials'),
    AWS_CONFIG_FILE: path.join(repoRoot, '.serverless-no-config'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // osls 4 has no telemetry or notifications code; these keep a Serverless v3-style CLI silent too.
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_INTERACTIVE_SETUP_DISABLE: '1',
    CI: '1',
  };
}

// Offline too when the kernel allows an empty network namespace (Linux CI does); the title says which.
export const OFFLINE_PREFIX = offlinePrefix();

/** Packages the service from the bundle already built; throws with osls's output when it fails. */
export async function packageOffline(): Promise<{ template: Template; zipFiles: string[] }> {
  const output = path.join(repoRoot, '.serverless');
  rmSync(output, { recursive: true, force: true });
  const command = [...OFFLINE_PREFIX, 'npx', 'osls', 'package', '--stage', STAGE];
  try {
    await run(command[0] as string, command.slice(1), { cwd: repoRoot, env: credentialFreeEnv(), timeout: 170_000 });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`osls package failed: ${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
  }
  const template = JSON.parse(readFileSync(path.join(output, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  return { template, zipFiles: zipEntries(path.join(output, `${SERVICE}.zip`)) };
}
