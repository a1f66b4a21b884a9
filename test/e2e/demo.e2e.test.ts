/**
 * `postflight demo` on a machine whose PATH has no moto_server: it finds moto through python3
 * (`python3 -m moto.server`), deploys the sample stack, verifies it, and leaves every report.
 * The python3 here stands in for one that has moto 5.2.1: it answers the version question and
 * runs the moto this machine has (test/integration/moto-resolve.test.ts covers the detection itself).
 */
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveMoto } from '../../src/demo/moto.js';
import { onPath } from '../../src/demo/moto-resolve.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { parseHtml, elements, sarifSchemaErrors } from '../helpers/report-fixtures.js';
import { tempDir } from '../guarantees/support.js';

it('runs end to end with moto found through python3, and writes JUnit, JSON, SARIF, Markdown and HTML reports', async () => {
  const dir = await tempDir('demo');
  const real = await resolveMoto();
  const bin = join(dir, 'bin');
  await mkdir(bin);
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  await writeFile(
    join(bin, 'python3'),
    `#!/bin/sh\nif [ "$1" = "-c" ]; then echo 5.2.1; exit 0; fi\nif [ "$1" = "-m" ] && [ "$2" = "moto.server" ]; then shift 2; exec ${[real.command, ...real.args].map(quote).join(' ')} "$@"; fi\nexit 1\n`,
  );
  await chmod(join(bin, 'python3'), 0o755);
  const PATH = `${bin}:/usr/bin:/bin`;
  expect(await onPath('moto_server', { PATH })).toBeUndefined();

  const env = cleanEnv({ PATH });
  delete env.POSTFLIGHT_MOTO_SERVER;
  const run = await runCli(['demo', '--no-color'], { cwd: dir, env });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain(`(${join(bin, 'python3')} -m moto.server)`);
  expect(run.stdout).toContain('The demo ran end to end. `postflight verify` returned exit code 1: a check failed (the deliberate defect above)');

  const reports = join(dir, 'reports', 'demo');
  expect((await readdir(reports)).sort()).toEqual(['flat-outputs.json', 'junit.xml', 'postflight.html', 'postflight.json', 'postflight.md', 'postflight.sarif']);
  expect(await sarifSchemaErrors(JSON.parse(await readFile(join(reports, 'postflight.sarif'), 'utf8')))).toEqual([]);
  expect(await readFile(join(reports, 'postflight.md'), 'utf8')).toContain('pipeline-access-logs-dev');
  expect(elements(await parseHtml(await readFile(join(reports, 'postflight.html'), 'utf8'))).filter((e) => e.tagName === 'article')).toHaveLength(1);
}, 120_000);
