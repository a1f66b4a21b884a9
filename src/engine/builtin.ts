/**
 * The built-in check modules, when the CLI is one bundle: the bundle's entry registers them here
 * (they are compiled into it), so no `checks/` folder is read at run time. Unset when postflight
 * runs from its separate modules (the library, the tests), which read `checks/` instead.
 *
 * This module loads no validator: `verify` takes the bundled built-in checks as they are (the
 * build validated each of them, see scripts/bundle-cli.mjs) and loads the schema only for a
 * user's own check modules.
 */
import { ConfigError } from '../errors.js';
import type { AnyCheck } from './define.js';
import type { LoadedCheck } from './registry.js';

export interface BundledCheck {
  /** Where the module's compiled file sits in the package: `…/dist/checks/s3-bucket-encrypted.check.js`. */
  file: string;
  module: { default?: unknown };
}

let bundled: (() => Promise<readonly BundledCheck[]>) | undefined;

export function registerBuiltInChecks(load: () => Promise<readonly BundledCheck[]>): void {
  bundled = load;
}

export function bundledChecks(): (() => Promise<readonly BundledCheck[]>) | undefined {
  return bundled;
}

/** Refuses two checks with one id, naming the second one's module. */
export function refuseDuplicateIds(checks: readonly LoadedCheck[]): void {
  const seen = new Map<string, string>();
  for (const c of checks) {
    const prev = seen.get(c.check.id);
    if (prev) throw new ConfigError(`The check module ${c.file} reuses the id ${c.check.id} of ${prev}: give it a unique id.`);
    seen.set(c.check.id, c.file);
  }
}

/** The run's checks: every built-in one and the user's (validated), refusing duplicate ids. */
export async function loadRunChecks(customFiles: readonly string[] = []): Promise<LoadedCheck[]> {
  if (!bundled) return (await import('./registry.js')).loadChecks(customFiles);
  const builtIn: LoadedCheck[] = (await bundled()).map(({ file, module }) => {
    const check = module.default as AnyCheck;
    return { check: check.needs === undefined ? { ...check, needs: [] } : check, file, builtIn: true };
  });
  const custom: LoadedCheck[] = [];
  if (customFiles.length) {
    const { loadCheckModule } = await import('./registry.js');
    for (const f of customFiles) custom.push(await loadCheckModule(f, false));
  }
  refuseDuplicateIds([...builtIn, ...custom]);
  return [...builtIn, ...custom];
}
