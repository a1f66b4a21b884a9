/**
 * Reads an outputs file from disk and hands its text to `parseOutputs`. Every way the file can
 * be unusable (missing, a directory, unreadable, too big, not UTF-8) is an `InputError` that
 * names the file and says what to do.
 */
import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { parseOutputs, type OutputsFormat, type ParsedOutputs } from './parse.js';

export { OUTPUTS_FORMATS, isOutputsFormat, parseOutputs, type OutputsFormat, type ParsedOutputs } from './parse.js';

/** Outputs files are small; anything bigger is the wrong file. */
export const MAX_OUTPUTS_BYTES = 64 * 1024 * 1024;

export interface ReadOutputsOptions {
  /** Skip detection and read the file in this format. */
  format?: OutputsFormat;
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function unreadable(path: string, err: unknown): InputError {
  const code = errorCode(err);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new InputError(
        `Outputs file ${path} does not exist; run the deploy first so it writes the stack outputs, or pass --outputs with the right path.`,
      );
    case 'EISDIR':
      return new InputError(`Outputs path ${path} is a directory, not a file; pass --outputs with the outputs JSON file inside it.`);
    case 'EACCES':
    case 'EPERM':
      return new InputError(`Outputs file ${path} cannot be read (permission denied); make it readable or pass --outputs with a copy.`);
    default:
      return new InputError(
        `Outputs file ${path} cannot be read (${code ?? (err instanceof Error ? err.message : String(err))}); check the path or pass --outputs with another file.`,
      );
  }
}

/** Where the first byte that breaks UTF-8 sits, for the error message. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    const b1 = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return i;
    i += need + 1;
  }
  return -1;
}

/** Decodes the bytes as UTF-8 (a leading byte-order mark is dropped), or throws an `InputError`. */
export function decodeUtf8(bytes: Uint8Array, path: string): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new InputError(
      `Outputs file ${path} is UTF-16 text; save it as UTF-8 (in PowerShell, Out-File -Encoding utf8) and try again.`,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    const where = at >= 0 ? ` (byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} at offset ${at}, line ${line})` : '';
    throw new InputError(`Outputs file ${path} is not valid UTF-8${where}; save it as UTF-8 and try again.`);
  }
}

/** Reads and parses the outputs file at `path`. */
export async function readOutputs(path: string, options: ReadOutputsOptions = {}): Promise<ParsedOutputs> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    size = info.size;
  } catch (err) {
    throw unreadable(path, err);
  }
  const tooBig = (bytes: number): InputError =>
    new InputError(
      `Outputs file ${path} is ${mib(bytes)}, over the ${mib(MAX_OUTPUTS_BYTES)} limit for an outputs file; pass the file that holds only the stack outputs.`,
    );
  if (size > MAX_OUTPUTS_BYTES) throw tooBig(size);

  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw unreadable(path, err);
  }
  if (bytes.length > MAX_OUTPUTS_BYTES) throw tooBig(bytes.length);
  return parseOutputs(decodeUtf8(bytes, path), path, options.format);
}
