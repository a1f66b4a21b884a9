import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'autoscaling-group-spans-azs',
  title: 'Auto Scaling group launches into enough availability zones',
  severity: 'medium',
  family: 'availability',
  controls: { fsbp: ['AutoScaling.2'], cis: [] },
  appliesTo: ['AWS::AutoScaling::AutoScalingGroup'],
  needs: ['autoscaling.group'],
  params: {
    minAzs: { type: 'integer', default: 2, min: 1, description: 'The fewest distinct availability zones the group must launch into.' },
  },
  remediation:
    'Set vpcZoneIdentifier on the AutoscalingGroup to subnets in at least minAzs availability zones (one private Subnet per zone), so that the group rebalances into the other zones when one fails.',
  evaluate: ({ facts, params }) => {
    const f = facts['autoscaling.group'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('the Auto Scaling group was not read');
    const g = f.value;
    const zones = [...new Set(g.availabilityZones)].sort();
    const evidence = { group: g.name, minAzs: params.minAzs, azs: zones, subnets: g.subnetIds };
    if (zones.length < params.minAzs) return fail(`launches into ${zones.length} availability zone${zones.length === 1 ? '' : 's'} (${zones.join(', ') || 'none'}), fewer than ${params.minAzs}`, evidence);
    return pass(`launches into ${zones.length} availability zones (${zones.join(', ')})`, evidence);
  },
});
