import { absent, present, unknown } from '../../../src/facts/fact.js';
import { loadCheckModule } from '../../../src/engine/registry.js';
import { runCheckCases } from '../../../test/helpers/check-cases.js';

const { check } = await loadCheckModule(new URL('./cloudwatch-dashboard-has-widgets.check.mjs', import.meta.url).pathname, false);

describe('what the check reads', () => {
  it('GetDashboard by name, counting the widgets of its body; a missing dashboard is absent', () => {
    const read = check.reads!.widgets!;
    expect(read.input({ type: 'AWS::CloudWatch::Dashboard', id: 'ops', keys: [] })).toEqual({ DashboardName: 'ops' });
    expect(read.keep!({ DashboardBody: JSON.stringify({ widgets: [{ type: 'text' }, { type: 'metric' }] }) })).toBe(2);
    expect(read.keep!({ DashboardBody: '{"widgets":[]}' })).toBe(0);
    expect(read.keep!({ DashboardBody: '{}' })).toBe(0);
    expect(read.absentOn).toContain('ResourceNotFound');
  });
});

runCheckCases(check, {
  pass: [
    { name: 'one widget', facts: { widgets: present(1) }, expectEvidence: { widgets: 1 } },
    { name: 'many widgets', facts: { widgets: present(12) } },
  ],
  fail: [
    { name: 'no widget', facts: { widgets: present(0) }, expectEvidence: { widgets: 0 } },
    { name: 'the dashboard does not exist', facts: { widgets: absent('ResourceNotFound') }, expectEvidence: { exists: false } },
  ],
  error: [
    { name: 'the dashboard could not be read', facts: { widgets: unknown('AccessDenied') } },
    { name: 'not read', facts: {} },
  ],
});
