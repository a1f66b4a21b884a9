/**
 * The real Terraform against moto: a stack of resources a test writes in HCL, applied with the
 * `terraform` on the PATH and the hashicorp/aws provider from a local mirror, never from a
 * registry. Terraform and the provider are found once per process; either missing fails the test
 * with one sentence saying what to install (it never skips).
 *
 * The helper writes everything but the resources: a CLI config of its own (`TF_CLI_CONFIG_FILE`:
 * no checkpoint calls, no `~/.terraformrc`), the `required_providers` pin to the mirror's version,
 * and one provider block per configuration (region, fake keys, every credential and metadata
 * check off, path-style S3, every service's endpoint aimed at the emulator, an optional alias).
 *
 *   const tf = await terraformStack({ dir, files: { 'main.tf': hcl }, endpoint,
 *     providers: [{ region: 'us-east-1' }, { alias: 'west', region: 'us-west-2' }] });
 *   await tf.init(); await tf.apply();
 *   tf.statePath; await tf.show(); await tf.run(['plan', '-refresh-only', '-json']);
 *
 * Apply is the slow part (tens of seconds): apply once per test file and share the stack.
 * Measured with hashicorp/aws 5.100.0 on a busy two-core machine: `init -plugin-dir` takes about a
 * second (it links the provider, it does not copy it); applying fixtures/terraform/two-regions
 * (22 resources, two regions) about 40 s; `providers schema -json` about 2 s. `aws_sqs_queue` takes about 25 s to create, against moto as
 * against AWS: after CreateQueue the provider waits until six reads in a row, at least five seconds
 * apart, return the attributes it set (`waitQueueAttributesPropagated`), whatever the attributes.
 * No attribute avoids it, so the test stacks here hold no queue.
 */
import { execFile, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';

/** One provider configuration: the default one has no alias. */
export interface TerraformProvider {
  region: string;
  alias?: string;
}

export interface TerraformStackOptions {
  /** An empty folder of the test's own; the helper writes its files there. */
  dir: string;
  /** The test's own files (`main.tf`, `modules/x/main.tf`): resources, modules, outputs. */
  files: Record<string, string>;
  /** The emulator's URL (`http://127.0.0.1:PORT`), which every service's endpoint points at. */
  endpoint: string;
  /** The provider configurations; one in us-east-1 when not given. */
  providers?: readonly TerraformProvider[];
}

export interface TerraformRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TerraformStack {
  readonly dir: string;
  /** The local backend's state file, as Terraform writes it. */
  readonly statePath: string;
  /** The environment every command runs with (the CLI config, no prompts). */
  readonly env: NodeJS.ProcessEnv;
  /** `terraform init` from the mirror (again after `write` adds a module). */
  init(): Promise<void>;
  /** `terraform apply -auto-approve` with extra arguments; throws when it fails. */
  apply(args?: readonly string[]): Promise<TerraformRun>;
  /** Any command; throws when it exits non-zero unless `allowFailure`. */
  run(args: readonly string[], opts?: { allowFailure?: boolean }): Promise<TerraformRun>;
  /** `terraform show -json` of the state (or of a plan file), parsed. */
  show(planFile?: string): Promise<unknown>;
  /** Replaces or adds the test's own files (the generated provider file stays). */
  write(files: Record<string, string>): Promise<void>;
}

/** Every endpoint key of the provider's `endpoints` block, one name of each group of aliases. */
export const ENDPOINT_SERVICES: readonly string[] = [
  "accessanalyzer", "account", "acm", "acmpca", "amp", "amplify", "apigateway", "apigatewayv2",
  "appautoscaling", "appconfig", "appfabric", "appflow", "appintegrations", "applicationinsights",
  "applicationsignals", "appmesh", "apprunner", "appstream", "appsync", "athena", "auditmanager",
  "autoscaling", "autoscalingplans", "backup", "batch", "bcmdataexports", "bedrock", "bedrockagent",
  "billing", "budgets", "ce", "chatbot", "chime", "chimesdkmediapipelines", "chimesdkvoice", "cleanrooms",
  "cloud9", "cloudcontrol", "cloudformation", "cloudfront", "cloudfrontkeyvaluestore", "cloudhsmv2",
  "cloudsearch", "cloudtrail", "cloudwatch", "codeartifact", "codebuild", "codecatalyst", "codecommit",
  "codeconnections", "codeguruprofiler", "codegurureviewer", "codepipeline", "codestarconnections",
  "codestarnotifications", "cognitoidentity", "cognitoidp", "comprehend", "computeoptimizer",
  "configservice", "connect", "connectcases", "controltower", "costoptimizationhub", "cur",
  "customerprofiles", "databrew", "dataexchange", "datapipeline", "datasync", "datazone", "dax", "deploy",
  "detective", "devicefarm", "devopsguru", "directconnect", "dlm", "dms", "docdb", "docdbelastic", "drs",
  "ds", "dsql", "dynamodb", "ec2", "ecr", "ecrpublic", "ecs", "efs", "eks", "elasticache",
  "elasticbeanstalk", "elasticsearch", "elastictranscoder", "elb", "elbv2", "emr", "emrcontainers",
  "emrserverless", "events", "evidently", "evs", "finspace", "firehose", "fis", "fms", "fsx", "gamelift",
  "glacier", "globalaccelerator", "glue", "grafana", "greengrass", "groundstation", "guardduty",
  "healthlake", "iam", "identitystore", "imagebuilder", "inspector", "inspector2", "internetmonitor",
  "invoicing", "iot", "iotanalytics", "iotevents", "ivs", "ivschat", "kafka", "kafkaconnect", "kendra",
  "keyspaces", "kinesis", "kinesisanalytics", "kinesisanalyticsv2", "kinesisvideo", "kms", "lakeformation",
  "lambda", "launchwizard", "lexmodels", "lexv2models", "licensemanager", "lightsail", "location", "logs",
  "lookoutmetrics", "m2", "macie2", "mediaconnect", "mediaconvert", "medialive", "mediapackage",
  "mediapackagev2", "mediapackagevod", "mediastore", "memorydb", "mgn", "mq", "mwaa", "neptune",
  "neptunegraph", "networkfirewall", "networkmanager", "networkmonitor", "notifications",
  "notificationscontacts", "oam", "opensearch", "opensearchserverless", "opsworks", "organizations", "osis",
  "outposts", "paymentcryptography", "pcaconnectorad", "pcs", "pinpoint", "pinpointsmsvoicev2", "pipes",
  "polly", "pricing", "qbusiness", "qldb", "quicksight", "ram", "rbin", "rds", "redshift", "redshiftdata",
  "redshiftserverless", "rekognition", "resiliencehub", "resourceexplorer2", "resourcegroups",
  "resourcegroupstaggingapi", "rolesanywhere", "route53", "route53domains", "route53profiles",
  "route53recoverycontrolconfig", "route53recoveryreadiness", "route53resolver", "rum", "s3", "s3control",
  "s3outposts", "s3tables", "sagemaker", "scheduler", "schemas", "secretsmanager", "securityhub",
  "securitylake", "serverlessrepo", "servicecatalog", "servicecatalogappregistry", "servicediscovery",
  "servicequotas", "ses", "sesv2", "sfn", "shield", "signer", "simpledb", "sns", "sqs", "ssm", "ssmcontacts",
  "ssmincidents", "ssmquicksetup", "ssmsap", "sso", "ssoadmin", "storagegateway", "sts", "swf", "synthetics",
  "taxsettings", "timestreaminfluxdb", "timestreamquery", "timestreamwrite", "transcribe", "transfer",
  "verifiedpermissions", "vpclattice", "waf", "wafregional", "wafv2", "wellarchitected", "worklink",
  "workspaces", "workspacesweb", "xray",

];

/** The default provider configuration's region. */
export const DEFAULT_TF_REGION = 'us-east-1';

export interface Tools {
  terraform: string;
  /** The mirror folder holding `registry.terraform.io/hashicorp/aws/<version>/<os_arch>/`. */
  mirror: string;
  awsVersion: string;
}

let tools: Tools | undefined;

function onPath(name: string): string | undefined {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    if (!d) continue;
    const p = join(d, name);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The provider versions a mirror folder holds, newest last. */
function mirrorVersions(mirror: string): string[] {
  const dir = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws');
  try {
    return readdirSync(dir).filter((v) => /^\d+\.\d+\.\d+$/.test(v)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  } catch {
    return [];
  }
}

/** `/x/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws_v5.100.0_x5` → `/x`. */
function mirrorOf(binary: string): string | undefined {
  let d = dirname(binary);
  for (let i = 0; i < 6; i++) {
    if (d.endsWith('registry.terraform.io')) return dirname(d);
    d = dirname(d);
  }
  return undefined;
}

function findBinary(): Promise<string | undefined> {
  // A last resort, bounded to one file system: the usual places come first.
  return new Promise((resolve) => {
    execFile('find', ['/', '-xdev', '-name', 'terraform-provider-aws*', '-path', '*registry.terraform.io/hashicorp/aws/*', '-print', '-quit'], { timeout: 60_000 }, (_err, stdout) => {
      resolve(stdout.trim().split('\n')[0] || undefined);
    });
  });
}

async function findTools(): Promise<Tools> {
  if (tools) return tools;
  const terraform = onPath('terraform');
  if (!terraform) throw new Error('terraform is not on the PATH: install Terraform 1.11 (a single binary) to run the tests that apply real stacks.');
  const home = process.env.HOME ?? '/root';
  const candidates = [process.env.TF_PLUGIN_MIRROR, '/opt/tf-plugins', join(home, '.terraform.d', 'plugins'), join(home, '.local', 'share', 'terraform', 'plugins'), '/usr/local/share/terraform/plugins', '/usr/share/terraform/plugins'];
  let mirror = candidates.find((c): c is string => c !== undefined && mirrorVersions(c).length > 0);
  if (!mirror) {
    const found = await findBinary();
    const m = found ? mirrorOf(found) : undefined;
    if (m && mirrorVersions(m).length > 0) mirror = m;
  }
  if (!mirror) {
    throw new Error(
      'No local mirror of the hashicorp/aws provider was found (looked in /opt/tf-plugins, ~/.terraform.d/plugins and the whole disk): put one at /opt/tf-plugins (`terraform providers mirror /opt/tf-plugins` in a folder that requires hashicorp/aws) to run the tests that apply real stacks.',
    );
  }
  tools = { terraform, mirror, awsVersion: mirrorVersions(mirror).at(-1) as string };
  return tools;
}

/**
 * Terraform and the provider mirror, found as `terraformStack` finds them: for a folder whose
 * configuration some other tool writes (`cdktf synth`), run with `init -plugin-dir=<mirror>`.
 */
export function terraformTools(): Promise<Readonly<Tools>> {
  return findTools();
}

/** The `terraform` block and one `provider "aws"` block per configuration, every service aimed at `endpoint`. */
export function providerBlocks(endpoint: string, providers: readonly TerraformProvider[], awsVersion: string): string {
  const endpoints = ENDPOINT_SERVICES.map((s) => `    ${s} = "${endpoint}"`).join('\n');
  const blocks = providers.map((p) =>
    [
      'provider "aws" {',
      ...(p.alias ? [`  alias = "${p.alias}"`] : []),
      `  region = "${p.region}"`,
      '  access_key = "testing"',
      '  secret_key = "testing"',
      '  skip_credentials_validation = true',
      '  skip_metadata_api_check = true',
      '  skip_requesting_account_id = true',
      '  skip_region_validation = true',
      '  s3_use_path_style = true',
      '  endpoints {',
      endpoints,
      '  }',
      '}',
    ].join('\n'),
  );
  return [`terraform {\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n      version = "${awsVersion}"\n    }\n  }\n}`, ...blocks].join('\n\n') + '\n';
}

function exec(bin: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TerraformRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The environment of every command: the helper's CLI config, no prompts, no ambient AWS settings. */
function terraformEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && !k.startsWith('TF_')) env[k] = v;
  return {
    ...env,
    TF_CLI_CONFIG_FILE: join(dir, '.terraformrc'),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** The local mirror of the hashicorp/aws provider the stacks are applied with (a folder for `-plugin-dir`). */
export async function providerMirror(): Promise<string> {
  return (await findTools()).mirror;
}

/** Writes the stack's files and returns the commands to run on it. */
export async function terraformStack(opts: TerraformStackOptions): Promise<TerraformStack> {
  const t = await findTools();
  const providers = opts.providers ?? [{ region: DEFAULT_TF_REGION }];
  const env = terraformEnv(opts.dir);
  const write = async (files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) {
      const path = join(opts.dir, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    }
  };
  await mkdir(opts.dir, { recursive: true });
  await writeFile(join(opts.dir, '.terraformrc'), 'disable_checkpoint = true\n');
  await writeFile(join(opts.dir, 'providers.tf'), providerBlocks(opts.endpoint, providers, t.awsVersion));
  await write(opts.files);

  const run = async (args: readonly string[], o: { allowFailure?: boolean } = {}): Promise<TerraformRun> => {
    const r = await exec(t.terraform, args, opts.dir, env);
    if (r.code !== 0 && !o.allowFailure) {
      const tail = `${r.stderr}\n${r.stdout}`.trim().split('\n').slice(-25).join('\n');
      throw new Error(`terraform ${args[0]} failed in ${opts.dir} (exit ${r.code}):\n${tail}`);
    }
    return r;
  };
  return {
    dir: opts.dir,
    statePath: join(opts.dir, 'terraform.tfstate'),
    env,
    init: async () => {
      await run(['init', '-input=false', '-no-color', `-plugin-dir=${t.mirror}`]);
    },
    apply: (args = []) => run(['apply', '-auto-approve', '-input=false', '-no-color', ...args]),
    run,
    show: async (planFile?: string) => JSON.parse((await run(['show', '-json', '-no-color', ...(planFile ? [planFile] : [])])).stdout) as unknown,
    write,
  };
}

/** The state file as Terraform wrote it, parsed (for assertions on its shape). */
export async function readTfstate(stack: TerraformStack): Promise<{ resources: Array<{ module?: string; type: string; name: string; provider: string; instances: Array<{ index_key?: string | number; deposed?: string }> }> }> {
  return JSON.parse(await readFile(stack.statePath, 'utf8'));
}
