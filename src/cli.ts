/**
 * The command line. Parses arguments, runs one command, and is the only place that exits.
 * Loads no AWS SDK client unless `verify` needs one.
 */
import { Command, CommanderError, Option } from 'commander';
import { ROLE_ARN, SESSION_NAME } from './config/patterns.js';
import { PostflightError } from './errors.js';
import { stripControl } from './report/sanitize.js';
import { version } from './version.js';

const FORMATS = ['flat', 'cdktf', 'terraform', 'cloudformation', 'pulumi'] as const;

function useColor(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new CommanderError(2, 'postflight.invalidArgument', `${name} takes a whole number above 0, not "${value}"`);
    return n;
  };
}

/** A flag whose value must match a pattern: `what` says what it takes. */
function matching(name: string, pattern: RegExp, what: string) {
  return (value: string): string => {
    if (!pattern.test(value)) throw new CommanderError(2, 'postflight.invalidArgument', `${name} takes ${what}, not "${value}"`);
    return value;
  };
}

/** A repeatable flag: `--state a.tfstate --state b.tfstate`. */
const repeat = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `--only a b` and `--only a,b` both work. */
const idList = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

const out = (t: string) => {
  process.stdout.write(t);
};
const err = (t: string) => {
  process.stderr.write(t);
};

function program(): Command {
  const cwd = process.cwd();
  const env = process.env;
  const p = new Command('postflight')
    .description('Verify a deployed AWS stack against compliance checks, from its outputs, state files or CloudFormation stacks.')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: () => undefined })
    .showHelpAfterError(false);

  const common = (c: Command) =>
    c
      .option('--outputs <file>', 'the stack outputs file', undefined)
      .option('--state <file>', 'a state file: Terraform/OpenTofu state, `terraform show -json` or `pulumi stack export` (repeatable)', repeat)
      .option('--stack <name>', 'a CloudFormation stack, read live (repeatable)', repeat)
      .addOption(new Option('--format <format>', 'force the outputs format instead of detecting it').choices(FORMATS))
      .option('--config <file>', 'config file (default: postflight.config.json when present)')
      .option('--region <region>', 'region for resources whose outputs carry none')
      .option('--role-arn <arn>', 'assume this IAM role (STS AssumeRole) for every AWS call', matching('--role-arn', ROLE_ARN, 'an IAM role ARN such as arn:aws:iam::123456789012:role/postflight-audit'))
      .option('--external-id <id>', 'the external id the role\'s trust policy asks for (with --role-arn)')
      .option('--role-session-name <name>', 'the session name of the assumed role (default postflight)', matching('--role-session-name', SESSION_NAME, '2 to 64 letters, digits or +=,.@_-'));

  common(p.command('verify').description('collect facts from AWS and run the checks (the default after deploy)'))
    .option('--junit <file>', 'JUnit XML report path', undefined)
    .option('--json <file>', 'JSON report path', undefined)
    .option('--sarif <file>', 'SARIF 2.1.0 report path (GitHub code scanning)')
    .option('--markdown <file>', 'Markdown summary path (also appended to $GITHUB_STEP_SUMMARY when set)')
    .option('--html <file>', 'self-contained HTML audit report path')
    .option('--codequality <file>', 'GitLab Code Quality report path (artifacts:reports:codequality)')
    .option('--verbose', 'show every result in full, passes included, and API calls by action')
    .option('--quiet', 'no progress line, and no line for each resource that passed or has no check')
    .option('--profile <profile>', 'AWS shared-config profile')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (moto, LocalStack); also AWS_ENDPOINT_URL')
    .option('--only <ids...>', 'run only these checks', idList, [])
    .option('--skip <ids...>', 'skip these checks', idList, [])
    .option('--framework <name>', 'run only the checks that implement a control of this framework: fsbp or cis (repeatable, or a comma list; --only and --skip then choose among them)', idList, [])
    .option('--no-color', 'plain console output (also NO_COLOR)')
    .option('--allow-empty', 'accept an outputs file that names no AWS resource')
    .option('--concurrency <n>', 'AWS calls in flight at once (default 16)', positiveInt('--concurrency'))
    .option('--call-timeout <seconds>', 'time allowed for one AWS call, retries included (default 20)', positiveInt('--call-timeout'))
    .option('--max-attempts <n>', 'attempts per AWS call under adaptive retry (default 4)', positiveInt('--max-attempts'))
    .option('--drift', "judge each resource against what its stack declared, with the deploy tool's own engine (terraform/tofu plan -refresh-only, CloudFormation drift detection, pulumi refresh)")
    .option('--drift-plan <file>', 'read drift from a saved `terraform show -json` of a refresh-only plan instead of running terraform (implies --drift)')
    .addOption(new Option('--drift-tool <tool>', 'the command that plans state files for --drift (default terraform)').choices(['terraform', 'tofu']))
    .action(async (o: Record<string, unknown>) => {
      const { verify } = await import('./verify.js');
      process.exitCode = await verify({
        ...(o as object),
        cwd,
        env,
        out,
        err,
        only: o.only as string[],
        skip: o.skip as string[],
        framework: o.framework as string[],
        color: useColor(o.color as boolean | undefined, env),
        allowEmpty: o.allowEmpty === true,
        verbose: o.verbose === true,
        quiet: o.quiet === true,
        drift: o.drift === true,
        progress: process.stderr,
        ...(o.callTimeout ? { callTimeoutMs: (o.callTimeout as number) * 1000 } : {}),
        now: () => new Date(),
      });
    });

  common(p.command('discover').description('list the resources each source names, without calling AWS (except to list a --stack)'))
    .option('--json', 'print {resources, unrecognised, sources, unplaced} as JSON')
    .option('--profile <profile>', 'AWS shared-config profile (for --stack)')
    .option('--endpoint-url <url>', 'AWS endpoint (for --stack); also AWS_ENDPOINT_URL')
    .action(async (o: Record<string, unknown>) => {
      const { discoverCommand } = await import('./verify.js');
      process.exitCode = await discoverCommand({ ...(o as object), json: o.json === true, cwd, env, out, err });
    });

  p.command('merge')
    .description('merge the JSON reports of several runs (a CI matrix: one job per stack or account) into one report, by account and stack')
    .argument('[reports...]', 'JSON reports written by `postflight verify --json`, or folders holding them')
    .option('--junit <file>', 'JUnit XML report path', undefined)
    .option('--json <file>', 'merged JSON report path', undefined)
    .option('--sarif <file>', 'SARIF 2.1.0 report path (GitHub code scanning)')
    .option('--markdown <file>', 'Markdown summary path (also appended to $GITHUB_STEP_SUMMARY when set)')
    .option('--html <file>', 'self-contained HTML audit report path')
    .option('--codequality <file>', 'GitLab Code Quality report path (artifacts:reports:codequality)')
    .option('--verbose', 'show every result in full, passes included, and API calls by action')
    .option('--quiet', 'no line for each resource that passed or has no check')
    .option('--no-color', 'plain console output (also NO_COLOR)')
    .action(async (reports: string[], o: Record<string, unknown>) => {
      const { mergeCommand } = await import('./report/merge-command.js');
      process.exitCode = await mergeCommand({
        ...(o as object),
        reports,
        cwd,
        env,
        out,
        color: useColor(o.color as boolean | undefined, env),
        verbose: o.verbose === true,
        quiet: o.quiet === true,
      });
    });

  p.command('init')
    .description('write a starting postflight.config.json from what is in this folder (cdktf.json, outputs and state files)')
    .option('--force', 'overwrite an existing postflight.config.json')
    .action(async (o: { force?: boolean }) => {
      const { initCommand } = await import('./init.js');
      process.exitCode = await initCommand({ cwd, force: o.force === true, out });
    });

  p.command('list-checks')
    .description('list every loaded check: id, title, severity, resource types, framework controls, parameters')
    .option('--config <file>', 'config file (custom checks)')
    .option('--framework <name>', 'only the checks that implement a control of this framework: fsbp or cis (repeatable, or a comma list)', idList, [])
    .option('--json', 'print as JSON')
    .option('--markdown', "print the README's check table; with --framework, the framework's controls, each with the checks that verify it")
    .action(async (o: { config?: string; framework: string[]; json?: boolean; markdown?: boolean }) => {
      const { listChecksCommand } = await import('./engine/list.js');
      process.exitCode = await listChecksCommand({ ...(o.config ? { config: o.config } : {}), cwd, framework: o.framework, json: o.json === true, markdown: o.markdown === true, out });
    });

  p.command('iam-policy')
    .description('print the least-privilege IAM policy postflight needs (read-only actions only), with the reads of the custom checks the config names')
    .option('--config <file>', 'config file (custom checks, accounts; default: postflight.config.json when present)')
    .option('--runner', "print the runner's policy instead: sts:AssumeRole on each account's role (and the read-only policy for its own sources)")
    .option('--trust', "print the trust policy each account's role needs instead")
    .option('--role-arn <arn>', 'the role verify assumes (--role-arn), for --runner', matching('--role-arn', ROLE_ARN, 'an IAM role ARN such as arn:aws:iam::123456789012:role/postflight-audit'))
    .option('--drift', "add the CloudFormation drift detection actions --drift takes (DetectStackDrift and the Describe calls that read its result)")
    .action(async (o: { config?: string; runner?: boolean; trust?: boolean; roleArn?: string; drift?: boolean }) => {
      if (o.runner && o.trust) throw new CommanderError(2, 'postflight.conflictingOption', 'iam-policy takes --runner or --trust, not both');
      const { iamPolicy, runnerPolicy, trustPolicy } = await import('./iam.js');
      const options = { ...(o.config ? { config: o.config } : {}), ...(o.roleArn ? { roleArn: o.roleArn } : {}), cwd, drift: o.drift === true };
      const doc = o.runner ? await runnerPolicy(options) : o.trust ? await trustPolicy(options) : await iamPolicy(options);
      out(`${JSON.stringify(doc, null, 2)}\n`);
    });

  p.command('demo')
    .description('deploy a sample stack into a local AWS emulator (moto) and verify it; no AWS account needed')
    .option('--no-color', 'plain console output')
    .option('--keep', 'leave the emulator running until Ctrl-C')
    .action(async (o: { color?: boolean; keep?: boolean }) => {
      const { runDemo } = await import('./demo/demo.js');
      process.exitCode = await runDemo({ cwd, color: useColor(o.color, env), out, err, keep: o.keep === true });
    });
  return p;
}

/**
 * One line on stderr. Messages can quote outside text (a file name, a flag, a module's or AWS's
 * error message): line breaks become spaces and no control character or escape sequence gets through.
 */
function say(message: string): void {
  process.stderr.write(`postflight: ${stripControl(message)}\n`);
}

function commanderMessage(e: CommanderError): string {
  const msg = e.message
    .replace(/^error: /, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace('(Did you mean', '(did you mean');
  if (e.code === 'commander.unknownOption' || e.code === 'commander.unknownCommand' || e.code === 'commander.excessArguments') {
    return `${msg}: run \`postflight --help\` (or \`postflight <command> --help\`) for what it takes.`;
  }
  return msg.endsWith('.') ? msg : `${msg}.`;
}

async function main(argv: string[]): Promise<void> {
  // The SDK warns on every run under Node 20 that its 2027 releases will need Node 22; in a CI
  // gate's output that is noise. The README states the Node versions postflight supports.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      // Reports are written atomically: an interrupted run leaves the previous report or none.
      say(`interrupted (${sig}); no report was written by this run.`);
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
  const args = argv.length === 0 ? ['--help'] : argv;
  try {
    await program().parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') {
        process.exitCode = 0;
        return;
      }
      say(commanderMessage(e));
      process.exitCode = 2;
      return;
    }
    if (e instanceof PostflightError || (e as Error)?.name === 'MotoMissingError') {
      say((e as Error).message);
      process.exitCode = 2;
      return;
    }
    if (process.env.POSTFLIGHT_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    say(`internal error: ${(e as Error)?.message ?? String(e)}; nothing was verified. Rerun with POSTFLIGHT_DEBUG=1 for details and report it.`);
    process.exitCode = 2;
  }
}

// Every failure of `main` ends in its own catch, as a message and an exit code.
void main(process.argv.slice(2));
