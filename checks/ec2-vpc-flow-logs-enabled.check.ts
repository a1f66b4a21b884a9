import { defineCheck, error, fail, pass } from '../src/engine/define.js';

/** The traffic each flow log traffic type records. */
const COVERS: Readonly<Record<string, readonly string[]>> = { ALL: ['ACCEPT', 'REJECT'], ACCEPT: ['ACCEPT'], REJECT: ['REJECT'] };

/**
 * The VPC has a flow log that is on (`FlowLogStatus` `ACTIVE`) and delivering (`DeliverLogsStatus`
 * not `FAILED`), recording the traffic asked for. Security Hub's EC2.6 asks for rejected traffic
 * (`REJECT`), which an `ALL` flow log records too; two active flow logs, one `ACCEPT` and one
 * `REJECT`, together record `ALL`. Only flow logs of the VPC itself count, not those of its
 * subnets or network interfaces.
 */
export default defineCheck({
  id: 'ec2-vpc-flow-logs-enabled',
  title: 'VPC has an active flow log that records the required traffic',
  severity: 'medium',
  family: 'network',
  controls: { fsbp: ['EC2.6'], cis: ['3.7'] },
  appliesTo: ['AWS::EC2::VPC'],
  needs: ['ec2.vpcFlowLogs'],
  params: {
    trafficType: {
      type: 'string',
      default: 'REJECT',
      enum: ['REJECT', 'ACCEPT', 'ALL'],
      description: 'The traffic the flow logs must record: REJECT (what Security Hub EC2.6 and CIS 3.7 ask for; an ALL flow log records it too), ACCEPT, or ALL.',
    },
  },
  remediation:
    'Add a FlowLog (aws_flow_log, AWS::EC2::FlowLog) for the VPC itself (resourceType VPC / vpc_id) with trafficType ALL (or at least REJECT), delivering to a CloudWatch Logs group (with a role that may write to it) or an S3 bucket whose policy lets delivery.logs.amazonaws.com write.',
  evaluate: ({ facts, params }) => {
    const f = facts['ec2.vpcFlowLogs'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('the flow logs of the VPC were not read');
    const logs = f.value;
    const working = logs.filter((l) => l.flowLogStatus === 'ACTIVE' && l.deliverLogsStatus !== 'FAILED');
    const covered = new Set(working.flatMap((l) => COVERS[l.trafficType.toUpperCase()] ?? []));
    const needed = COVERS[params.trafficType] ?? [];
    const missing = needed.filter((t) => !covered.has(t));
    const evidence = {
      requiredTrafficType: params.trafficType,
      flowLogs: logs.map((l) => ({
        flowLogId: l.flowLogId,
        trafficType: l.trafficType,
        status: l.flowLogStatus,
        ...(l.deliverLogsStatus ? { deliverLogsStatus: l.deliverLogsStatus } : {}),
        ...(l.deliverLogsErrorMessage ? { deliverLogsError: l.deliverLogsErrorMessage } : {}),
        ...(l.logDestinationType ? { destinationType: l.logDestinationType } : {}),
        ...(l.logDestination ? { destination: l.logDestination } : {}),
      })),
    };
    if (logs.length === 0) return fail('the VPC has no flow log', evidence);
    if (working.length === 0) {
      return fail(logs.length === 1 ? "the VPC's flow log is not active and delivering" : `none of the VPC's ${logs.length} flow logs is active and delivering`, evidence);
    }
    if (missing.length > 0) return fail(`the VPC's active flow logs do not record ${missing.join(' or ')} traffic (${params.trafficType} is required)`, evidence);
    return pass(`${working.map((l) => `${l.flowLogId} (${l.trafficType})`).join(', ')} record${working.length === 1 ? 's' : ''} the VPC's ${params.trafficType} traffic`, evidence);
  },
});
