/**
 * Finds, loads and validates check modules: the built-in ones in `checks/` and any the config
 * names. A module that fails to load or exports the wrong shape is a ConfigError naming its file.
 */
import { readdir } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { FACT_TYPES, isFactKey } from '../facts/catalogue.js';
import { typeNameProblem } from '../sources/type-names.js';
import type { ResourceType } from '../types.js';
import { EVERY_TYPE, FAMILIES, SEVERITIES } from '../types.js';
import type { AnyCheck } from './define.js';
import { CLIENT_PACKAGE, refusedCommand } from './reads.js';
import { CONTROL_ID } from './frameworks.js';
import { bundledChecks, refuseDuplicateIds } from './builtin.js';

export interface LoadedCheck {
  check: AnyCheck;
  /** Where the module came from, for error messages. */
  file: string;
  builtIn: boolean;
}

/** Built-in checks sit in `checks/` beside `src/`, as `.check.ts` in source and `.check.js` once built. */
export const BUILT_IN_DIR = fileURLToPath(new URL('../../checks/', import.meta.url));
const OWN_EXT = extname(fileURLToPath(import.meta.url)); // '.ts' under the test runner, '.js' when built

const ID = /^[a-z0-9]+(-[a-z0-9]+)+$/;

const paramSpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('integer'), default: z.number().int().optional(), min: z.number().optional(), max: z.number().optional(), description: z.string().min(1) }).strict(),
  z.object({ type: z.literal('number'), default: z.number().optional(), min: z.number().optional(), max: z.number().optional(), description: z.string().min(1) }).strict(),
  z.object({ type: z.literal('string'), default: z.string().optional(), enum: z.array(z.string()).optional(), description: z.string().min(1) }).strict(),
  z.object({ type: z.literal('boolean'), default: z.boolean().optional(), description: z.string().min(1) }).strict(),
  z.object({ type: z.literal('string[]'), default: z.array(z.string()).optional(), description: z.string().min(1) }).strict(),
  z.object({ type: z.literal('integer[]'), default: z.array(z.number().int()).optional(), min: z.number().optional(), max: z.number().optional(), description: z.string().min(1) }).strict(),
  z.object({ type: z.literal('patterns'), default: z.record(z.string(), z.string().nullable()).optional(), description: z.string().min(1) }).strict(),
]);

const fn = (what: string) => z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { message: `must be a function (${what})` });

const declaredRead = z
  .object({
    client: z.string().regex(CLIENT_PACKAGE, 'must name an AWS SDK v3 client package, such as @aws-sdk/client-dynamodb'),
    command: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'must be the command name without "Command", such as DescribeContinuousBackups'),
    input: fn('resource => the command input'),
    keep: fn('answer => the value to keep').optional(),
    absentOn: z.array(z.string().min(1)).optional(),
    action: z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9]+$/, 'must be an IAM action, such as dynamodb:DescribeContinuousBackups').optional(),
  })
  .strict();

/**
 * A type a check may apply to: one CloudFormation has (`AWS::CloudTrail::Cloudtrail` would never
 * match a resource, so the check would never run), or a deploy tool's own type name for a type
 * CloudFormation does not name.
 */
const isRealType = (value: string): value is ResourceType => typeNameProblem(value) === undefined;
const realType = z.string().refine(isRealType, { error: (issue) => `names ${String(issue.input)}, which ${typeNameProblem(String(issue.input))}` });

export const checkSchema = z
  .object({
    id: z.string().regex(ID, 'must be kebab-case: <service>-<resource>-<desired-state>'),
    title: z.string().min(1),
    severity: z.enum(SEVERITIES as [string, ...string[]]),
    family: z.enum(FAMILIES).optional(),
    controls: z
      .object({
        fsbp: z.array(z.string().regex(CONTROL_ID.fsbp.pattern, `must be ${CONTROL_ID.fsbp.what}`)).optional(),
        cis: z.array(z.string().regex(CONTROL_ID.cis.pattern, `must be ${CONTROL_ID.cis.what}`)).optional(),
      })
      .strict()
      .optional(),
    appliesTo: z.array(z.union([z.literal(EVERY_TYPE), realType])).min(1),
    needs: z.array(z.string().refine(isFactKey, { message: 'is not a fact key postflight collects' })).optional(),
    reads: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'names a fact: letters, digits and _, no dots'), declaredRead).optional(),
    remediation: z.string().min(1),
    description: z.string().optional(),
    params: z.record(z.string(), paramSpec).optional(),
    needsWhen: fn('params => whether the facts are needed').optional(),
    relatedNeeds: z
      .record(
        realType,
        z.array(z.string().refine(isFactKey, { message: 'is not a fact key postflight collects' })),
      )
      .optional(),
    evaluate: z.custom<AnyCheck['evaluate']>((v) => typeof v === 'function', { message: 'must be a function' }),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const key of c.needs ?? []) {
      if (!isFactKey(key)) continue;
      if (!c.appliesTo.some((t) => (FACT_TYPES[key] as readonly string[]).includes(t) || (t !== EVERY_TYPE && (FACT_TYPES[key] as readonly string[]).includes(EVERY_TYPE)))) {
        ctx.addIssue({ code: 'custom', path: ['needs'], message: `${key} is not collected for any of ${c.appliesTo.join(', ')}` });
      }
    }
  });

function describeIssues(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join('.') : 'the export'} ${i.message}`).join('; ');
}

/** Validates a module's default export as a check. */
export function validateCheck(value: unknown, file: string): AnyCheck {
  if (typeof value !== 'object' || value === null) {
    throw new ConfigError(`The check module ${file} does not export a check: make its default export \`defineCheck({...})\`.`);
  }
  const parsed = checkSchema.safeParse(value);
  if (!parsed.success) {
    throw new ConfigError(`The check module ${file} is invalid: ${describeIssues(parsed.error)}. Fix the module's metadata and rerun.`);
  }
  for (const [name, read] of Object.entries(parsed.data.reads ?? {})) {
    const why = refusedCommand(read.command);
    if (why) {
      throw new ConfigError(
        `The check module ${file} declares the command ${read.command} (${read.client}, fact "${name}"): ${why}. Declare a read-only command; nothing was called.`,
      );
    }
  }
  const check = value as AnyCheck;
  return check.needs === undefined ? { ...check, needs: [] } : check;
}

export async function loadCheckModule(file: string, builtIn: boolean): Promise<LoadedCheck> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(file)) {
      throw new ConfigError(`The check module ${file} does not exist: fix its path in the config file.`);
    }
    throw new ConfigError(`The check module ${file} failed to load (${(err as Error).message ?? String(err)}): fix the module and rerun.`);
  }
  return { check: validateCheck(mod.default, file), file, builtIn };
}

/** Lists the built-in check files. */
export async function builtInCheckFiles(dir = BUILT_IN_DIR): Promise<string[]> {
  const names = await readdir(dir);
  return names
    .filter((n) => n.endsWith(`.check${OWN_EXT}`) && !n.endsWith(`.test${OWN_EXT}`))
    .sort()
    .map((n) => `${dir}${dir.endsWith('/') ? '' : '/'}${n}`);
}

/** The id a check file must carry: its file name without `.check.ts`/`.check.js`. */
export function idFromFile(file: string): string {
  return basename(file).replace(/\.check\.(ts|js|mjs|cjs)$/, '');
}

/** Loads every built-in check and the custom ones, refusing duplicate ids. */
export async function loadChecks(customFiles: readonly string[] = []): Promise<LoadedCheck[]> {
  // One module at a time: cheap under Node, and Jest's ESM loader fails to link modules imported
  // concurrently that share a dependency ("… is not in cache").
  const builtIn: LoadedCheck[] = [];
  const bundled = bundledChecks();
  if (bundled) {
    // The CLI bundle carries them compiled in; they are validated as if read from `checks/`.
    for (const { file, module } of await bundled()) builtIn.push({ check: validateCheck(module.default, file), file, builtIn: true });
  } else {
    for (const f of await builtInCheckFiles()) builtIn.push(await loadCheckModule(f, true));
  }
  for (const c of builtIn) {
    if (c.check.id !== idFromFile(c.file)) {
      throw new ConfigError(`The check module ${c.file} has id ${c.check.id}: a built-in check's id must equal its file name.`);
    }
  }
  const custom: LoadedCheck[] = [];
  for (const f of customFiles) custom.push(await loadCheckModule(f, false));
  refuseDuplicateIds([...builtIn, ...custom]);
  return [...builtIn, ...custom];
}

/**
 * How `list-checks` tags a check: its severity and family, and `custom check` for a user's own
 * (whose family, when it names none, is that tag itself: `[medium, custom check]`).
 */
export function checkTags({ check, builtIn }: Pick<LoadedCheck, 'check' | 'builtIn'>): string {
  const family = check.family ?? 'custom';
  const tags = builtIn ? [check.severity, family] : [check.severity, ...(family === 'custom' ? [] : [family]), 'custom check'];
  return `[${tags.join(', ')}]`;
}
