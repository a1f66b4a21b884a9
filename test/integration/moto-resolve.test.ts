/**
 * How the demo and the tests find moto 5.2.1: moto_server on the PATH (when its version is
 * readable, only that version), python3 with moto, else a private virtual environment set up once
 * with `python3 -m venv` and pip (for real here, from a local folder of tiny wheels, since the
 * tests have no package index), else one sentence saying what to install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MOTO_VERSION, MotoMissingError, resolveMoto, startMoto } from '../../src/demo/moto.js';
import { versionBeside } from '../../src/demo/moto-resolve.js';
import { buildFakeMotoWheels } from '../helpers/fake-moto-wheel.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'postflight-moto-resolve-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function bin(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    await writeFile(join(dir, file), text);
    await chmod(join(dir, file), 0o755);
  }
  return dir;
}

/** A python3 that says it has the given moto (or none) when asked, and fails otherwise. */
const fakePython = (version: string) => `#!/bin/sh\nif [ "$1" = "-c" ]; then echo "${version}"; exit 0; fi\nexit 1\n`;

/** A Python interpreter of this machine, resolved to its real file (not a version-manager shim). */
function realPython(): string {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('the tests need python3 on the PATH');
  return r.stdout.trim();
}

describe('resolveMoto: the order of the search', () => {
  it('uses POSTFLIGHT_MOTO_SERVER when it is set', async () => {
    expect(await resolveMoto({ env: { PATH: '', POSTFLIGHT_MOTO_SERVER: '/opt/moto/bin/moto_server' } })).toEqual({ command: '/opt/moto/bin/moto_server', args: [], via: 'env' });
  });

  it('takes moto_server from the PATH first, even when python3 has moto too', async () => {
    const dir = await bin('path-first', { moto_server: '#!/bin/sh\nexit 0\n', python3: fakePython(MOTO_VERSION) });
    expect(await resolveMoto({ env: { PATH: dir }, venvDir: join(root, 'unused-venv') })).toEqual({ command: join(dir, 'moto_server'), args: [], via: 'path' });
  });

  it('passes over a moto_server whose environment holds another moto version', async () => {
    const prefix = join(root, 'old-moto');
    await mkdir(join(prefix, 'bin'), { recursive: true });
    await mkdir(join(prefix, 'lib', 'python3.11', 'site-packages', 'moto-5.0.0.dist-info'), { recursive: true });
    await writeFile(join(prefix, 'bin', 'moto_server'), `#!${join(prefix, 'bin', 'python')}\nimport moto\n`);
    await chmod(join(prefix, 'bin', 'moto_server'), 0o755);
    expect(await versionBeside(join(prefix, 'bin', 'moto_server'))).toBe('5.0.0');
    const py = await bin('py-with-moto', { python3: fakePython(MOTO_VERSION) });
    const got = await resolveMoto({ env: { PATH: `${join(prefix, 'bin')}:${py}` }, venvDir: join(root, 'unused-venv') });
    expect(got).toEqual({ command: join(py, 'python3'), args: ['-m', 'moto.server'], via: 'python3' });
  });

  it('without moto_server, uses python3 -m moto.server when python3 has moto 5.2.1', async () => {
    const py = await bin('py-only', { python3: fakePython(MOTO_VERSION) });
    expect(await resolveMoto({ env: { PATH: py }, venvDir: join(root, 'unused-venv') })).toEqual({ command: join(py, 'python3'), args: ['-m', 'moto.server'], via: 'python3' });
  });

  it('without moto_server or python3: one sentence saying what to install', async () => {
    const empty = await bin('empty', {});
    const venvDir = join(root, 'never-made');
    const e = await resolveMoto({ env: { PATH: empty }, venvDir }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MotoMissingError);
    expect((e as Error).message).toBe(
      `The demo and the tests need the AWS emulator moto 5.2.1, and neither moto_server nor python3 is on the PATH: install Python 3 (with pip and venv) and rerun, and moto will be set up in ${venvDir}; or install moto yourself with \`pip install "moto[server]==5.2.1"\`.`,
    );
    expect(existsSync(venvDir)).toBe(false);
  });
});

describe('resolveMoto: the private environment (python3 -m venv, then pip, for real)', () => {
  let pyDir: string;
  let wheels: string;
  const said: string[] = [];
  beforeAll(async () => {
    // A python3 that sees no site-packages, so it has no moto whatever this machine has installed.
    const real = realPython();
    pyDir = await bin('py-no-moto', { python3: `#!/bin/sh\nexec "${real}" -S "$@"\n` });
    wheels = join(root, 'wheels');
    await mkdir(wheels);
    buildFakeMotoWheels(real, wheels);
  });
  // Only the python3 above on the PATH; pip reads no config file (this machine's index settings stay out).
  const env = () => ({ PATH: pyDir, PIP_CONFIG_FILE: devNull, HOME: root });

  it('when pip cannot get moto: one sentence naming the folder, pip’s reason and what to do; once it can, it finishes that environment, says so once, starts moto from it, and reuses it', async () => {
    const venvDir = join(root, 'project', '.moto', 'venv');
    const emptyIndex = join(root, 'no-wheels');
    await mkdir(emptyIndex);
    const offline = { env: env(), venvDir, pipArgs: ['--no-index', '--find-links', emptyIndex], say: (l: string) => said.push(l) };
    const e = await resolveMoto(offline).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MotoMissingError);
    expect((e as Error).message).toMatch(
      new RegExp(`^pip could not install moto 5\\.2\\.1 into ${venvDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(.*No matching distribution found for moto\\[server\\]==5\\.2\\.1.*\\): check the network or pip's index settings, or install it yourself with \`pip install "moto\\[server\\]==5\\.2\\.1"\`, and rerun\\.$`),
    );
    expect(existsSync(join(venvDir, '.postflight-moto-ready'))).toBe(false);
    expect(existsSync(`${venvDir}.lock`)).toBe(false);

    said.length = 0;
    const options = { ...offline, pipArgs: ['--no-index', '--find-links', wheels] };
    const got = await resolveMoto(options);
    expect(got).toEqual({ command: join(venvDir, 'bin', 'python'), args: ['-m', 'moto.server'], via: 'venv' });
    expect(said).toEqual([`moto_server ${MOTO_VERSION} was not found: installing "moto[server]==${MOTO_VERSION}" into ${venvDir} (once; later runs reuse it) ...`]);
    expect(existsSync(join(venvDir, '.postflight-moto-ready'))).toBe(true);

    const server = await startMoto({ resolve: options });
    try {
      const res = await fetch(`${server.endpoint}/moto-api/data.json`);
      expect(res.status).toBe(200);
    } finally {
      await server.stop();
    }
    expect(await resolveMoto(options)).toEqual(got);
    expect(said).toHaveLength(1); // reused, not set up again
  }, 120_000);
});
