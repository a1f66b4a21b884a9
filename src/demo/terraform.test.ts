/**
 * How the demo finds Terraform and an offline hashicorp/aws provider: the places Terraform itself
 * reads offline, both mirror layouts, this platform only, and one sentence for whatever is missing.
 * The `terraform` here is a script answering `version -json`; the demo's e2e test runs the real one.
 */
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDemoStack, awsVersionsIn, cliConfigDirs, findTerraformTools, platform, pluginCandidates } from './terraform.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'postflight-demo-tf-unit-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function fakeTerraform(version: string): Promise<string> {
  const bin = await mkdtemp(join(root, 'bin-'));
  await writeFile(join(bin, 'terraform'), `#!/bin/sh\necho '{"terraform_version":"${version}","platform":"linux_amd64"}'\n`);
  await chmod(join(bin, 'terraform'), 0o755);
  return bin;
}

async function unpacked(dir: string, version: string, os = platform()): Promise<void> {
  const d = join(dir, 'registry.terraform.io', 'hashicorp', 'aws', version, os);
  await mkdir(d, { recursive: true });
  await writeFile(join(d, `terraform-provider-aws_v${version}_x5`), '');
}

describe('awsVersionsIn', () => {
  it('reads unpacked and packed layouts, for this platform and hashicorp/aws 5 or later only', async () => {
    const dir = await mkdtemp(join(root, 'mirror-'));
    await unpacked(dir, '5.100.0');
    await unpacked(dir, '5.9.0');
    await unpacked(dir, '4.67.0');
    await unpacked(dir, '5.200.0', 'plan9_mips');
    await mkdir(join(dir, 'registry.terraform.io', 'hashicorp', 'aws', '5.300.0'), { recursive: true }); // no build in it
    await writeFile(join(dir, 'registry.terraform.io', 'hashicorp', 'aws', `terraform-provider-aws_6.0.0_${platform()}.zip`), '');
    await writeFile(join(dir, 'registry.terraform.io', 'hashicorp', 'aws', 'terraform-provider-aws_6.1.0_plan9_mips.zip'), '');
    expect(awsVersionsIn(dir)).toEqual(['5.9.0', '5.100.0', '6.0.0']);
    expect(awsVersionsIn(join(dir, 'nowhere'))).toEqual([]);
  });
});

describe('where the provider is looked for', () => {
  it("reads a CLI config's plugin_cache_dir and filesystem_mirror paths", () => {
    const text = `plugin_cache_dir = "$HOME/.terraform.d/plugin-cache"
provider_installation {
  filesystem_mirror {
    path    = "/srv/mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
`;
    expect(cliConfigDirs(text)).toEqual(['$HOME/.terraform.d/plugin-cache', '/srv/mirror']);
  });

  it('looks in the plugin cache, the CLI config, the implied local mirrors, TF_PLUGIN_MIRROR, then mirrors under /opt, in that order', async () => {
    const home = await mkdtemp(join(root, 'home-'));
    await writeFile(join(home, '.terraformrc'), 'plugin_cache_dir = "~/cache"\n');
    const opt = await mkdtemp(join(root, 'opt-'));
    await mkdir(join(opt, 'tf-plugins', 'registry.terraform.io'), { recursive: true });
    await mkdir(join(opt, 'other-tool'), { recursive: true });
    expect(pluginCandidates({ HOME: home, TF_PLUGIN_CACHE_DIR: '/c', TF_PLUGIN_MIRROR: '/m', XDG_DATA_DIRS: '/d1:/d2' }, opt)).toEqual([
      '/c',
      join(home, 'cache'),
      join(home, '.terraform.d', 'plugins'),
      join(home, '.local', 'share', 'terraform', 'plugins'),
      '/d1/terraform/plugins',
      '/d2/terraform/plugins',
      '/m',
      join(opt, 'tf-plugins'),
    ]);
  });
});

describe('findTerraformTools', () => {
  const bare = async () => ({ HOME: await mkdtemp(join(root, 'home-')), XDG_DATA_DIRS: join(root, 'no-data'), TF_CLI_CONFIG_FILE: join(root, 'no-such.tfrc') });

  it('no terraform on the PATH: the one line says so and how to get Terraform', async () => {
    expect(await findTerraformTools({ ...(await bare()), PATH: join(root, 'empty-bin') }, join(root, 'no-opt'))).toEqual({
      skipped: 'Skipped the drift part: terraform not found on PATH; install Terraform ≥1.5 (https://developer.hashicorp.com/terraform/install) and run the demo again.',
    });
  });

  it('a Terraform older than 1.5 is named, with the same advice', async () => {
    const bin = await fakeTerraform('1.4.6');
    const r = await findTerraformTools({ ...(await bare()), PATH: bin }, join(root, 'no-opt'));
    expect(r).toEqual({ skipped: expect.stringMatching(/^Skipped the drift part: \S+\/terraform is Terraform 1\.4\.6, older than 1\.5\.0; install Terraform ≥1\.5 /) });
  });

  it('no provider anywhere: unavailable, saying how to mirror one (never a download)', async () => {
    const r = await findTerraformTools({ ...(await bare()), PATH: await fakeTerraform('1.11.4') }, join(root, 'no-opt'));
    expect(r).toEqual({ skipped: expect.stringContaining('no local copy of the hashicorp/aws provider') });
    expect((r as { skipped: string }).skipped).toContain('terraform providers mirror');
    expect((r as { skipped: string }).skipped.split('\n')).toHaveLength(1);
  });

  it('a filesystem mirror named by TF_CLI_CONFIG_FILE is found, with its newest version', async () => {
    const mirror = await mkdtemp(join(root, 'mirror-'));
    await unpacked(mirror, '5.99.0');
    await unpacked(mirror, '5.100.0');
    const config = join(root, 'mirror.tfrc');
    await writeFile(config, `provider_installation {\n  filesystem_mirror {\n    path = "${mirror}"\n  }\n}\n`);
    const bin = await fakeTerraform('1.11.4');
    expect(await findTerraformTools({ ...(await bare()), PATH: bin, TF_CLI_CONFIG_FILE: config }, join(root, 'no-opt'))).toEqual({
      terraform: join(bin, 'terraform'),
      version: '1.11.4',
      pluginDir: mirror,
      awsVersion: '5.100.0',
    });
  });
});

describe('applyDemoStack', () => {
  it('a failing terraform init is one short reason, and the temporary folder is removed', async () => {
    const bin = await mkdtemp(join(root, 'bin-'));
    await writeFile(join(bin, 'terraform'), '#!/bin/sh\necho "╷" >&2\necho "│ Error: Failed to query available provider packages" >&2\necho "╵" >&2\nexit 1\n');
    await chmod(join(bin, 'terraform'), 0o755);
    const tmp = await mkdtemp(join(root, 'tmp-'));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      await expect(
        applyDemoStack({ terraform: join(bin, 'terraform'), version: '1.11.4', pluginDir: join(root, 'none'), awsVersion: '5.100.0' }, { endpoint: 'http://127.0.0.1:1', region: 'us-east-1', vpcId: 'vpc-1', env: { PATH: bin } }),
      ).rejects.toThrow(/^terraform init failed \(Error: Failed to query available provider packages\)$/);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
    expect(await readdir(tmp)).toEqual([]);
  });
});
