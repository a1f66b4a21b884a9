/**
 * Finds and reads the config file. The schema that checks it lives in config.ts and loads only
 * when there is a file: a run with no config loads no validator.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { LoadedConfig } from './config.js';

export const DEFAULT_CONFIG_FILE = 'postflight.config.json';

/**
 * Loads `--config FILE`, or `postflight.config.json` in the working folder when present.
 * No config at all is fine: the defaults suit the common stack.
 */
export async function loadConfig(explicit: string | undefined, cwd = process.cwd()): Promise<LoadedConfig> {
  const file = explicit ?? DEFAULT_CONFIG_FILE;
  const path = resolve(cwd, file);
  let text: string;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new ConfigError(`The config file ${file} is a directory: pass the path of a JSON file with --config.`);
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      if (explicit === undefined) return { config: {}, baseDir: cwd };
      throw new ConfigError(`The config file ${file} does not exist: check the path given to --config.`);
    }
    throw new ConfigError(`The config file ${file} could not be read (${(err as Error).message}): check its permissions.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(`The config file ${file} is not valid JSON (${(err as Error).message}): fix the syntax and rerun.`);
  }
  // The schema (and zod) load only when there is a config to check.
  const { parseConfig } = await import('./config.js');
  return { config: parseConfig(json, file), file, baseDir: dirname(path) };
}
