import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's version: in the CLI's bundle, the one it was built from; else read from the
 * nearest package.json above this module (source or built).
 */
export function version(): string {
  const built = (globalThis as { __POSTFLIGHT_VERSION__?: string }).__POSTFLIGHT_VERSION__;
  if (built !== undefined) return built;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'postflight' && pkg.version) return pkg.version;
    } catch {
      // keep looking upwards
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}
