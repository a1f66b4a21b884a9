import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's version, read from the nearest package.json above this module (source or built). */
export function version(): string {
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
