/**
 * `postflight.config.json`: validated with a schema; a wrong key or type is a ConfigError naming
 * the file and the key. Paths in it are relative to the config file.
 */
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { typeNameProblem } from '../sources/type-names.js';
import type { ResourceType } from '../types.js';
import { regexError } from '../engine/params.js';
import { FRAMEWORKS } from '../engine/frameworks.js';
import { ROLE_ARN, SESSION_NAME } from './patterns.js';

export { DEFAULT_CONFIG_FILE, loadConfig } from './load.js';

const waiver = z
  .object({
    check: z.string().min(1),
    resource: z.string().min(1),
    reason: z.string().min(1),
    expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').optional(),
    /** One attribute of the resource (`desired_count`): only its difference is waived (live-matches-declared). */
    attribute: z.string().min(1).optional(),
  })
  .strict();

/** One account of a run: the role to assume into it, and its own sources. */
const account = z
  .object({
    /** The account id, or a label for it (shown in the reports). */
    id: z.string().min(1),
    roleArn: z.string().regex(ROLE_ARN, 'must be an IAM role ARN, such as arn:aws:iam::123456789012:role/postflight-audit'),
    externalId: z.string().min(2).max(1224).optional(),
    sessionName: z.string().regex(SESSION_NAME, 'must be 2 to 64 letters, digits or +=,.@_-').optional(),
    outputs: z.string().min(1).optional(),
    state: z.array(z.string().min(1)).optional(),
    stacks: z.array(z.string().min(1)).optional(),
    /** The account's regions: stacks are read in each; the first is the region of resources that name none. */
    regions: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

/** A resource type a mapping may name: one CloudFormation has, spelled as it spells it (see type-names.ts). */
const isRealType = (value: string): value is ResourceType => typeNameProblem(value) === undefined;
const realType = z.string().refine(isRealType, { error: (issue) => `${String(issue.input)} ${typeNameProblem(String(issue.input))}` });
/** `--drift` in the config: `true`, or how the deploy tool's engine runs. Paths are relative to the config. */
const drift = z.union([
  z.boolean(),
  z
    .object({
      /** The Terraform-compatible command for state files: `terraform` (default) or `tofu`. */
      tool: z.enum(['terraform', 'tofu']).optional(),
      /** The folder each state file's stack is planned in, by the state's path: for CDKTF, `cdktf.out/stacks/<stack>`. */
      folders: z.record(z.string().min(1), z.string().min(1)).optional(),
      /** A saved `terraform show -json` of a refresh-only plan, read instead of running the tool. */
      planFile: z.string().min(1).optional(),
      /** `-parallelism` of the refresh-only plan. */
      parallelism: z.number().int().min(1).max(256).optional(),
      /** Longest wait for CloudFormation's drift detection, in seconds. */
      waitSeconds: z.number().int().min(1).max(3600).optional(),
    })
    .strict(),
]);

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    outputs: z.string().min(1).optional(),
    /** State files (Terraform / OpenTofu state, `terraform show -json`, `pulumi stack export`), relative to the config. */
    state: z.array(z.string().min(1)).optional(),
    /** CloudFormation stacks to read live. */
    stacks: z.array(z.string().min(1)).optional(),
    format: z.enum(['flat', 'cdktf', 'terraform', 'cloudformation', 'pulumi']).optional(),
    region: z.string().min(1).optional(),
    profile: z.string().min(1).optional(),
    endpointUrl: z.url().optional(),
    reports: z
      .object({
        junit: z.string().min(1).optional(),
        json: z.string().min(1).optional(),
        sarif: z.string().min(1).optional(),
        markdown: z.string().min(1).optional(),
        html: z.string().min(1).optional(),
        codequality: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    checks: z.object({ only: z.array(z.string()).optional(), skip: z.array(z.string()).optional() }).strict().optional(),
    /** Run only the checks that implement a control of these frameworks (`--framework`); `checks.only`/`skip` then choose among them. */
    frameworks: z.array(z.enum(FRAMEWORKS, { error: () => `must be ${FRAMEWORKS.join(' or ')}` })).optional(),
    /** Per-check parameters: `{ "<check-id>": { "<param>": value } }`. */
    params: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    /** Paths of the user's own check modules. */
    customChecks: z.array(z.string().min(1)).optional(),
    /** Output key (full or bare name) -> resource type, for outputs the discoverer cannot place. */
    resources: z.record(z.string(), realType).optional(),
    /** The stack's customer-managed key: its ARN, or the output key that holds it. */
    stackCmk: z.object({ arn: z.string().min(1).optional(), outputKey: z.string().min(1).optional() }).strict().optional(),
    waivers: z.array(waiver).optional(),
    /** Accounts to verify, each through a role assumed with STS, each with its own sources. */
    accounts: z
      .array(account)
      .min(1)
      .refine((list) => new Set(list.map((a) => a.id)).size === list.length, { message: 'names an account id twice; give each account its own id' })
      .optional(),
    /**
     * Tags every resource must carry: key → null (any value) or a regular expression its value
     * must match. Judged by resource-has-required-tags; without it that check is skipped.
     */
    requiredTags: z
      .record(z.string().min(1, 'a tag key must not be empty'), z.string().nullable())
      .superRefine((tags, ctx) => {
        for (const [key, pattern] of Object.entries(tags)) {
          const problem = pattern === null ? undefined : regexError(pattern);
          if (problem) ctx.addIssue({ code: 'custom', path: [key], message: `${JSON.stringify(pattern)} is not a valid regular expression (${problem})` });
        }
      })
      .optional(),
    drift: drift.optional(),
    aws: z
      .object({
        concurrency: z.number().int().min(1).max(256).optional(),
        maxAttempts: z.number().int().min(1).max(20).optional(),
        callTimeoutMs: z.number().int().min(100).max(600_000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export interface LoadedConfig {
  config: Config;
  /** The file it came from; undefined when none was given or found. */
  file?: string;
  /** Folder that relative paths in the config are resolved against. */
  baseDir: string;
}

function describe(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `"${issue.path.join('.')}"` : 'the top level';
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${[...issue.path, k].join('.')}"`).join(', ')}`;
  return `${where}: ${issue.message}`;
}

/** Validates parsed JSON as a config; `file` names it in errors. */
export function parseConfig(value: unknown, file: string): Config {
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
    throw new ConfigError(`The config file ${file} is invalid: ${describe(first)}${more}; fix it (see the README's configuration section) and rerun.`);
  }
  return parsed.data;
}

