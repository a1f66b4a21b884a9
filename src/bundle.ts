/**
 * What differs when the CLI runs as one bundle (dist/cli/, see scripts/bundle-cli.mjs) rather than
 * from separate modules (the library, the tests). The bundle's build defines the flag, and its
 * entry registers the loader of the AWS SDK's shared runtime.
 */

/**
 * True in the bundle. Only there are modules imported ahead of use, concurrently with the run:
 * Jest's ESM loader fails to link modules imported concurrently that share a dependency.
 */
export const BUNDLED = (globalThis as { __POSTFLIGHT_BUNDLE__?: boolean }).__POSTFLIGHT_BUNDLE__ === true;

let sdkRuntime: (() => Promise<unknown>) | undefined;

/** The bundle's entry: how to load the part of the AWS SDK every client shares. */
export function registerSdkRuntime(load: () => Promise<unknown>): void {
  sdkRuntime = load;
}

/**
 * Starts loading, without waiting, the modules a run will need once its sources are read: the
 * later stages and the AWS SDK's shared runtime, so that they load while the config, the checks
 * and the sources are read. Only in the bundle; a failure shows where the module is imported.
 */
export function prefetch(loads: ReadonlyArray<() => Promise<unknown>>): void {
  if (!BUNDLED) return;
  for (const load of [...loads, ...(sdkRuntime ? [sdkRuntime] : [])]) load().catch(() => undefined);
}
