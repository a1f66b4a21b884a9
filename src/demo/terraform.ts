/**
 * The demo's drift part: a small Terraform stack (one security group in the demo VPC), applied
 * into the demo's emulator with the `terraform` on the PATH and a copy of the hashicorp/aws
 * provider already on this machine (never downloaded), then changed once outside Terraform with
 * the AWS SDK, so that `verify --drift` has exactly one difference to report.
 *
 * The provider is looked for where Terraform itself finds providers offline: `TF_PLUGIN_CACHE_DIR`,
 * the CLI config's `plugin_cache_dir` and `filesystem_mirror` paths (`TF_CLI_CONFIG_FILE`, else
 * `~/.terraformrc`), the implied local mirrors (`~/.terraform.d/plugins`,
 * `$XDG_DATA_HOME/terraform/plugins`, `/usr/local/share/terraform/plugins`,
 * `/usr/share/terraform/plugins`), `TF_PLUGIN_MIRROR`, and mirrors kept in a folder of their own
 * under `/opt` (`/opt/<name>/registry.terraform.io/…`). Either layout counts: unpacked
 * (`registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/terraform-provider-aws*`) or packed
 * (`registry.terraform.io/hashicorp/aws/terraform-provider-aws_<version>_<os>_<arch>.zip`).
 * Anything missing makes the part unavailable, with the one sentence saying what to install.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { runTool } from '../drift/runner.js';
import { onPath } from './moto-resolve.js';

/** The oldest Terraform the part runs with. */
export const MIN_TERRAFORM = '1.5.0';
const INSTALL = 'install Terraform ≥1.5 (https://developer.hashicorp.com/terraform/install) and run the demo again.';

/** The security group's tag changed outside Terraform, and its declared and live values. */
export const DRIFT_TAG = { key: 'Team', declared: 'data-platform', live: 'changed-by-hand' } as const;

export interface TerraformTools {
  terraform: string;
  version: string;
  /** A folder `terraform init -plugin-dir` reads the provider from. */
  pluginDir: string;
  /** The newest hashicorp/aws version in it for this platform. */
  awsVersion: string;
}

/** `linux_amd64`, `darwin_arm64`: Terraform's name of this platform. */
export function platform(): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' } as Record<string, string>)[process.arch] ?? process.arch;
  return `${process.platform === 'win32' ? 'windows' : process.platform}_${arch}`;
}

function newer(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The hashicorp/aws versions (5.0 or later) a mirror or cache folder holds for this platform. */
export function awsVersionsIn(dir: string, os = platform()): string[] {
  const base = join(dir, 'registry.terraform.io', 'hashicorp', 'aws');
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return [];
  }
  const found = new Set<string>();
  for (const n of names) {
    if (/^\d+\.\d+\.\d+$/.test(n)) {
      try {
        if (readdirSync(join(base, n, os)).some((f) => f.startsWith('terraform-provider-aws'))) found.add(n);
      } catch {
        // no build for this platform
      }
    }
    const zip = /^terraform-provider-aws_(\d+\.\d+\.\d+)_(.+)\.zip$/.exec(n);
    if (zip && zip[2] === os) found.add(zip[1]!);
  }
  return [...found].filter((v) => Number(v.split('.')[0]) >= 5).sort(newer);
}

/** The paths a CLI config file names as `plugin_cache_dir` or a `filesystem_mirror`'s `path`. */
export function cliConfigDirs(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*plugin_cache_dir\s*=\s*"([^"]+)"/gm)) out.push(m[1]!);
  for (const m of text.matchAll(/filesystem_mirror\s*\{[^}]*?\bpath\s*=\s*"([^"]+)"/g)) out.push(m[1]!);
  return out;
}

/**
 * Mirrors installed as a folder of their own under `/opt` (`/opt/<name>/registry.terraform.io/…`),
 * as `terraform providers mirror /opt/<name>` leaves them; one level deep, never a search.
 */
function optMirrors(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'registry.terraform.io')))
      .map((d) => join(root, d.name))
      .sort();
  } catch {
    return [];
  }
}

/** Every folder the provider is looked for in, in order. */
export function pluginCandidates(env: NodeJS.ProcessEnv, optRoot = '/opt'): string[] {
  const home = env.HOME || homedir();
  const expand = (p: string) => (p.startsWith('~/') ? join(home, p.slice(2)) : p.replace(/\$HOME\b/g, home));
  const config = env.TF_CLI_CONFIG_FILE || join(home, '.terraformrc');
  let fromConfig: string[] = [];
  try {
    fromConfig = cliConfigDirs(readFileSync(config, 'utf8'));
  } catch {
    // no CLI config
  }
  const dataHome = env.XDG_DATA_HOME || join(home, '.local', 'share');
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':').filter(Boolean);
  return [
    env.TF_PLUGIN_CACHE_DIR,
    ...fromConfig,
    join(home, '.terraform.d', 'plugins'),
    join(dataHome, 'terraform', 'plugins'),
    ...dataDirs.map((d) => join(d, 'terraform', 'plugins')),
    env.TF_PLUGIN_MIRROR,
    ...optMirrors(optRoot),
  ]
    .filter((d): d is string => !!d)
    .map(expand);
}

/** Terraform and the provider, or the one sentence saying what was skipped and what to install. */
export async function findTerraformTools(
  env: NodeJS.ProcessEnv,
  optRoot = '/opt',
): Promise<TerraformTools | { skipped: string }> {
  const terraform = await onPath('terraform', env);
  if (!terraform) return { skipped: `Skipped the drift part: terraform not found on PATH; ${INSTALL}` };
  const v = await runTool(terraform, ['version', '-json'], tmpdir(), { ...env, CHECKPOINT_DISABLE: '1' }, 60_000);
  let version = '';
  try {
    version = (JSON.parse(v.stdout) as { terraform_version?: string }).terraform_version ?? '';
  } catch {
    // Terraform older than 0.13 has no -json.
  }
  if (!version || newer(version, MIN_TERRAFORM) < 0) {
    return { skipped: `Skipped the drift part: ${terraform} is Terraform ${version || 'older than 0.13'}, older than ${MIN_TERRAFORM}; ${INSTALL}` };
  }
  for (const dir of pluginCandidates(env, optRoot)) {
    const versions = awsVersionsIn(dir);
    if (versions.length) return { terraform, version, pluginDir: dir, awsVersion: versions.at(-1)! };
  }
  return {
    skipped: `Skipped the drift part: no local copy of the hashicorp/aws provider (5.x or later, ${platform()}) was found, and the demo never downloads one; run \`terraform providers mirror ~/.terraform.d/plugins\` in a folder whose configuration requires hashicorp/aws (or set TF_PLUGIN_CACHE_DIR to a plugin cache holding it) and run the demo again.`,
  };
}

/** The demo's Terraform stack: one security group in the demo VPC, its provider aimed at the emulator. */
export function demoConfiguration(endpoint: string, awsVersion: string, vpcId: string, region: string): string {
  return `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "${awsVersion}"
    }
  }
}

# The emulator takes any keys; these are not credentials.
provider "aws" {
  region                      = "${region}"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  skip_region_validation      = true
  endpoints {
    ec2 = "${endpoint}"
    sts = "${endpoint}"
  }
}

resource "aws_security_group" "ingest_api" {
  name        = "pipeline-ingest-api-dev"
  description = "Ingest API, reachable from inside the VPC only"
  vpc_id      = "${vpcId}"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  tags = {
    Name = "pipeline-ingest-api-dev"
    ${DRIFT_TAG.key} = "${DRIFT_TAG.declared}"
  }
}
`;
}

export interface DemoStack {
  /** The state file Terraform wrote (the folder is the stack's working folder). */
  statePath: string;
  /** The environment `verify --drift` runs Terraform with (the demo's own CLI config). */
  env: NodeJS.ProcessEnv;
  /** The security group's id. */
  groupId: string;
  /** Removes the stack's folder (state, plugins link, CLI config). */
  remove(): Promise<void>;
}

/** The last line of a failed command's output, short, for one sentence. */
function lastLine(s: string): string {
  const lines = s
    .split('\n')
    .map((l) => l.replace(/[│╷╵]/g, '').trim())
    .filter(Boolean);
  return (lines.find((l) => l.startsWith('Error:')) ?? lines.at(-1) ?? 'no output').slice(0, 300);
}

/**
 * Applies the stack into the emulator and changes its tag with the SDK; throws with one sentence
 * when a step fails (the folder is then removed).
 */
export async function applyDemoStack(tools: TerraformTools, o: { endpoint: string; region: string; vpcId: string; env: NodeJS.ProcessEnv }): Promise<DemoStack> {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-demo-terraform-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    // Terraform runs with a CLI config of the demo's own: the user's settings, keys and mirrors stay out.
    const base: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(o.env)) if (!k.startsWith('TF_')) base[k] = v;
    const env: NodeJS.ProcessEnv = { ...base, TF_CLI_CONFIG_FILE: join(dir, '.terraformrc'), TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
    await writeFile(join(dir, '.terraformrc'), 'disable_checkpoint = true\n');
    await writeFile(join(dir, 'main.tf'), demoConfiguration(o.endpoint, tools.awsVersion, o.vpcId, o.region));
    const steps: Array<[string, string[]]> = [
      ['init', ['init', '-input=false', '-no-color', `-plugin-dir=${tools.pluginDir}`]],
      ['apply', ['apply', '-auto-approve', '-input=false', '-no-color']],
    ];
    for (const [name, args] of steps) {
      const r = await runTool(tools.terraform, args, dir, env, 300_000);
      if (r.code !== 0) throw new Error(`terraform ${name} failed (${lastLine(`${r.stderr}\n${r.stdout}`)})`);
    }
    const statePath = join(dir, 'terraform.tfstate');
    if (!existsSync(statePath)) throw new Error('terraform apply wrote no terraform.tfstate');
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as { resources?: Array<{ type?: string; instances?: Array<{ attributes?: { id?: string } }> }> };
    const groupId = state.resources?.find((r) => r.type === 'aws_security_group')?.instances?.[0]?.attributes?.id;
    if (!groupId) throw new Error('terraform apply recorded no security group');
    const ec2 = new EC2Client({ region: o.region, endpoint: o.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    try {
      await ec2.send(new CreateTagsCommand({ Resources: [groupId], Tags: [{ Key: DRIFT_TAG.key, Value: DRIFT_TAG.live }] }));
    } finally {
      ec2.destroy();
    }
    return { statePath, env, groupId, remove };
  } catch (e) {
    await remove();
    throw e;
  }
}
