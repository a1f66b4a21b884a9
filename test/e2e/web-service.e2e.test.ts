/**
 * A web service's network in moto, judged by the network checks through the real CLI: the
 * compliant service passes every one of them (its public subnets skipped, saying so); with one
 * wiring mistake at a time, exactly the checks that match it fail, on exactly that resource. The
 * outputs name the application's security group by its name (placed by the config's `resources`
 * mapping); a Terraform state names the listeners on their own, which are then judged there and
 * not again on their load balancer.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEB_DEFECTS, deployWebService, webServiceState, type DeployedWebService, type WebDefect, type WebServiceIds } from '../../fixtures/stacks/web-service.js';
import { emulatorEnv } from '../../src/demo/moto.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { junitSchemaErrors } from '../helpers/report-fixtures.js';

const moto = useMoto();

/** The network wiring checks: the run is held to these, whatever else the catalogue holds. */
const NETWORK_CHECKS = [
  'ec2-security-group-no-open-admin-ports',
  'ec2-security-group-no-open-ingress',
  'ec2-subnet-private-no-public-ip',
  'ec2-subnet-private-routes-via-nat',
  'ec2-vpc-flow-logs-enabled',
  'elbv2-listener-tls',
  'ec2-instance-imdsv2-required',
];
const PRIVATE_SUBNET_CHECKS = ['ec2-subnet-private-no-public-ip', 'ec2-subnet-private-routes-via-nat'];

interface Result {
  checkId: string;
  status: string;
  message: string;
  evidence: Record<string, unknown>;
  resource: { type: string; id: string; arn?: string };
}
interface Report {
  results: Result[];
  apiCalls: Record<string, number>;
}

const pair = (r: Result) => `${r.checkId} @ ${r.resource.id}`;
let deployed = 0;

/** Deploys the service (its own VPC range) and verifies it: outputs, or a state file, and the config. */
async function deployAndVerify(defects: WebDefect[], source: 'outputs' | 'state' = 'outputs'): Promise<{ service: DeployedWebService; run: CliRun; report: Report }> {
  const n = deployed++;
  const suffix = `${defects.join('').replace(/[^a-z]/g, '').slice(0, 12) || 'ok'}${source === 'state' ? 's' : ''}${n}`;
  const service = await deployWebService({ endpoint: moto().endpoint, suffix, defects, cidr: 30 + n });
  const dir = await mkdtemp(join(tmpdir(), `postflight-web-${suffix}-`));
  await writeFile(join(dir, 'outputs.json'), JSON.stringify(service.outputs, null, 2));
  await writeFile(join(dir, 'terraform.tfstate'), JSON.stringify(webServiceState(service), null, 2));
  // The outputs give the application's security group by name: the config says what it is.
  await writeFile(join(dir, 'postflight.config.json'), JSON.stringify({ resources: { AppSecurityGroupName: 'AWS::EC2::SecurityGroup' } }));
  const args = source === 'outputs' ? ['--outputs', 'outputs.json'] : ['--state', 'terraform.tfstate'];
  const run = await runCli(['verify', ...args, '--config', 'postflight.config.json', '--only', NETWORK_CHECKS.join(','), '--json', 'report.json', '--junit', 'junit.xml', '--no-color'], {
    cwd: dir,
    env: cleanEnv(emulatorEnv(moto().endpoint)),
  });
  expect(run.stderr).toBe('');
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
  expect(await junitSchemaErrors([await readFile(join(dir, 'junit.xml'), 'utf8')])).toEqual([]);
  return { service, run, report };
}

/** A public subnet is skipped by the private-subnet checks, saying the stack calls it public. */
const publicSkip = (ids: WebServiceIds) => (r: Result) =>
  r.status === 'skipped' && PRIVATE_SUBNET_CHECKS.includes(r.checkId) && ids.publicSubnets.includes(r.resource.id) && /^the stack calls subnet-\S+ public \(output PublicSubnetIds\[\d\]\)$/.test(r.message);

describe('the compliant web service', () => {
  let outcome: Awaited<ReturnType<typeof deployAndVerify>>;
  beforeAll(async () => {
    outcome = await deployAndVerify([]);
  }, 60_000);

  it('passes every network check (exit 0); only the public subnets are skipped by the private-subnet checks', () => {
    const { report, run, service } = outcome;
    expect(report.results.filter((r) => r.status !== 'pass' && !publicSkip(service.ids)(r)).map((r) => `${pair(r)}: ${r.status}: ${r.message}`)).toEqual([]);
    expect(report.results.filter(publicSkip(service.ids))).toHaveLength(4);
    expect(run.code).toBe(0);
  });

  it('judges every resource the network checks apply to, each check at least once', () => {
    const { report, service } = outcome;
    const i = service.ids;
    const judged = (check: string) => report.results.filter((r) => r.checkId === check).map((r) => r.resource.id).sort();
    expect(judged('ec2-security-group-no-open-admin-ports')).toEqual([i.albSecurityGroup, i.appSecurityGroupName].sort());
    expect(judged('ec2-security-group-no-open-ingress')).toEqual([i.albSecurityGroup, i.appSecurityGroupName].sort());
    expect(judged('ec2-subnet-private-routes-via-nat')).toEqual([...i.publicSubnets, ...i.privateSubnets].sort());
    expect(judged('ec2-vpc-flow-logs-enabled')).toEqual([i.vpc]);
    expect(judged('elbv2-listener-tls')).toEqual([i.albArn]);
    expect(judged('ec2-instance-imdsv2-required')).toEqual([i.instance, i.launchTemplate].sort());
  });

  it('the load balancer’s security group is open to the internet on 80 and 443 only because that internet-facing load balancer uses it', () => {
    const { report, service } = outcome;
    const r = report.results.find((x) => x.checkId === 'ec2-security-group-no-open-ingress' && x.resource.id === service.ids.albSecurityGroup)!;
    expect(r.evidence).toMatchObject({ internetFacingLoadBalancers: [service.ids.albArn] });
  });

  it('the application’s group, named by name, is found and read', () => {
    const { report, service } = outcome;
    const r = report.results.find((x) => x.checkId === 'ec2-security-group-no-open-ingress' && x.resource.id === service.ids.appSecurityGroupName)!;
    expect(r).toMatchObject({ status: 'pass', evidence: { groupId: service.ids.appSecurityGroup, groupName: service.ids.appSecurityGroupName } });
  });

  it('the private subnets route through the NAT gateway; the listeners use TLS or redirect', () => {
    const { report, service } = outcome;
    const routes = report.results.find((x) => x.checkId === 'ec2-subnet-private-routes-via-nat' && x.resource.id === service.ids.privateSubnets[0])!;
    expect(routes.evidence).toMatchObject({ tier: 'private', tierSource: 'name', tierBasis: 'output PrivateSubnetIds[0]', defaultRoutes: { '0.0.0.0/0': expect.stringMatching(/^nat-\S+ \(nat-gateway\)$/) } });
    const tls = report.results.find((x) => x.checkId === 'elbv2-listener-tls')!;
    expect(tls.evidence).toMatchObject({
      listeners: [
        { port: 80, protocol: 'HTTP', verdict: 'ok' },
        { port: 443, protocol: 'HTTPS', verdict: 'ok', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09' },
      ],
    });
  });

  it('calls grow with the services, not the resources', () => {
    expect(outcome.report.apiCalls).toMatchObject({
      'ec2:DescribeSecurityGroups': 2, // by id, and by name
      'ec2:DescribeSecurityGroupRules': 1,
      'ec2:DescribeSubnets': 1,
      'ec2:DescribeRouteTables': 1,
      'ec2:DescribeFlowLogs': 1,
      'ec2:DescribeInstances': 1,
      'elasticloadbalancing:DescribeLoadBalancers': 1,
      'elasticloadbalancing:DescribeListeners': 1,
      'elasticloadbalancing:DescribeRules': 1,
    });
  });
});

type Pick = (i: WebServiceIds) => string[];
const EXPECTED: Record<WebDefect, Array<[string, Pick]>> = {
  // Port 22 is an admin port, and not an allowed one.
  'ssh-open-to-world': [
    ['ec2-security-group-no-open-admin-ports', (i) => [i.appSecurityGroupName]],
    ['ec2-security-group-no-open-ingress', (i) => [i.appSecurityGroupName]],
  ],
  'private-subnet-routes-to-igw': [['ec2-subnet-private-routes-via-nat', (i) => [i.privateSubnets[1]!]]],
  'http-listener-forwards': [['elbv2-listener-tls', (i) => [i.albArn]]],
  'vpc-without-flow-logs': [['ec2-vpc-flow-logs-enabled', (i) => [i.vpc]]],
  'instance-imdsv1': [['ec2-instance-imdsv2-required', (i) => [i.instance]]],
  'private-subnet-public-ip': [['ec2-subnet-private-no-public-ip', (i) => [i.privateSubnets[0]!]]],
};

describe('the web service with one wiring mistake', () => {
  it.each(WEB_DEFECTS.map((d) => [d]))('%s fails exactly the matching checks on exactly that resource (exit 1)', async (defect) => {
    const { service, run, report } = await deployAndVerify([defect]);
    const expected = EXPECTED[defect].flatMap(([check, pick]) => pick(service.ids).map((id) => `${check} @ ${id}`)).sort();
    expect(report.results.filter((r) => r.status === 'fail').map(pair).sort()).toEqual(expected);
    expect(report.results.filter((r) => r.status !== 'pass' && r.status !== 'fail' && !publicSkip(service.ids)(r)).map((r) => `${pair(r)}: ${r.status}: ${r.message}`)).toEqual([]);
    expect(run.code).toBe(1);
  }, 60_000);
});

describe('listeners a Terraform state names on their own', () => {
  it('are judged on their own, and not again on their load balancer; the state’s addresses say which subnets are private', async () => {
    const { service, run, report } = await deployAndVerify([], 'state');
    const i = service.ids;
    const tls = report.results.filter((r) => r.checkId === 'elbv2-listener-tls');
    expect(tls.map((r) => [r.resource.id, r.status]).sort()).toEqual([
      [i.albArn, 'skipped'],
      [i.httpListener, 'pass'],
      [i.httpsListener, 'pass'],
    ].sort());
    expect(tls.find((r) => r.resource.id === i.albArn)).toMatchObject({
      message: 'every listener of the load balancer is named on its own and judged there',
      evidence: { judgedOnTheirOwn: expect.arrayContaining([i.httpListener, i.httpsListener]) },
    });
    const priv = report.results.find((r) => r.checkId === 'ec2-subnet-private-routes-via-nat' && r.resource.id === i.privateSubnets[1])!;
    expect(priv).toMatchObject({ status: 'pass', evidence: { tierSource: 'name', tierBasis: 'state entry module.vpc.aws_subnet.private[1]' } });
    const pub = report.results.find((r) => r.checkId === 'ec2-subnet-private-no-public-ip' && r.resource.id === i.publicSubnets[0])!;
    expect(pub).toMatchObject({ status: 'skipped', evidence: { tierBasis: 'state entry module.vpc.aws_subnet.public[0]' } });
    expect(report.results.filter((r) => r.status === 'fail' || r.status === 'error').map(pair)).toEqual([]);
    expect(run.code).toBe(0);
    // The load balancer and its two listeners share one listing.
    expect(report.apiCalls['elasticloadbalancing:DescribeListeners']).toBe(1);
  }, 60_000);

  it('an HTTP listener that forwards fails on the listener the state names, not on its load balancer', async () => {
    const { service, run, report } = await deployAndVerify(['http-listener-forwards'], 'state');
    expect(report.results.filter((r) => r.status === 'fail').map(pair)).toEqual([`elbv2-listener-tls @ ${service.ids.httpListener}`]);
    expect(run.code).toBe(1);
  }, 60_000);
});
