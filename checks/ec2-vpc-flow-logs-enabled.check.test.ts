import { absent, present, unknown } from '../src/facts/fact.js';
import type { FlowLogFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './ec2-vpc-flow-logs-enabled.check.js';

const log = (trafficType: string, over: Partial<FlowLogFacts> = {}): FlowLogFacts => ({
  flowLogId: `fl-${trafficType.toLowerCase()}`,
  trafficType,
  flowLogStatus: 'ACTIVE',
  deliverLogsStatus: 'SUCCESS',
  logDestinationType: 's3',
  logDestination: 'arn:aws:s3:::flow-logs',
  ...over,
});
const vpc = (...logs: FlowLogFacts[]) => ({ 'ec2.vpcFlowLogs': present(logs) });

runCheckCases(check, {
  pass: [
    { name: 'an active ALL flow log', facts: vpc(log('ALL')), expectEvidence: { requiredTrafficType: 'REJECT', flowLogs: [{ flowLogId: 'fl-all', trafficType: 'ALL', status: 'ACTIVE', destinationType: 's3' }] } },
    { name: 'an active REJECT flow log (what EC2.6 asks)', facts: vpc(log('REJECT')) },
    { name: 'ALL required: one ACCEPT and one REJECT log together', params: { trafficType: 'ALL' }, facts: vpc(log('ACCEPT'), log('REJECT')) },
    { name: 'a failing log beside a working one', facts: vpc(log('ALL', { flowLogId: 'fl-broken', deliverLogsStatus: 'FAILED', deliverLogsErrorMessage: 'Access error' }), log('REJECT')) },
    { name: 'a CloudWatch Logs destination without a reported delivery status', facts: vpc(log('ALL', { deliverLogsStatus: undefined, logDestinationType: 'cloud-watch-logs', logDestination: '/vpc/flow' })) },
  ],
  fail: [
    { name: 'no flow log at all', facts: vpc(), expectEvidence: { flowLogs: [] } },
    { name: 'a flow log whose delivery fails', facts: vpc(log('ALL', { deliverLogsStatus: 'FAILED', deliverLogsErrorMessage: 'Access error' })), expectEvidence: { flowLogs: [{ deliverLogsStatus: 'FAILED', deliverLogsError: 'Access error' }] } },
    { name: 'two flow logs, neither active', facts: vpc(log('ALL', { flowLogStatus: 'INACTIVE' }), log('REJECT', { flowLogStatus: 'INACTIVE' })) },
    { name: 'only ACCEPT traffic, REJECT required', facts: vpc(log('ACCEPT')) },
    { name: 'ALL required, REJECT only', params: { trafficType: 'ALL' }, facts: vpc(log('REJECT')), expectEvidence: { requiredTrafficType: 'ALL' } },
  ],
  error: [
    { name: 'the flow logs could not be described', facts: { 'ec2.vpcFlowLogs': unknown('could not describe flow logs in us-east-1: UnauthorizedOperation') } },
    { name: 'the VPC does not exist', facts: { 'ec2.vpcFlowLogs': unknown('the VPC vpc-0a1b2c3d4e5f60718 does not exist in us-east-1') } },
    { name: 'the fact was not collected', facts: { 'ec2.vpcFlowLogs': absent() } },
  ],
});
