// The operations dashboard exists and shows at least one widget.
import { defineCheck, pass, fail, error } from 'postflight';

export default defineCheck({
  id: 'cloudwatch-dashboard-has-widgets',
  title: 'CloudWatch dashboard exists and has at least one widget',
  severity: 'low',
  appliesTo: ['AWS::CloudWatch::Dashboard'],
  reads: {
    widgets: {
      client: '@aws-sdk/client-cloudwatch',
      command: 'GetDashboard',
      input: (dashboard) => ({ DashboardName: dashboard.id }),
      keep: (d) => (JSON.parse(d.DashboardBody ?? '{}').widgets ?? []).length,
      // AWS answers ResourceNotFound for a dashboard that does not exist (the SDK may name it DashboardNotFoundError).
      absentOn: ['ResourceNotFound', 'DashboardNotFoundError'],
    },
  },
  remediation: 'Deploy the aws_cloudwatch_dashboard with at least one widget in dashboard_body.',
  evaluate: ({ facts }) => {
    const widgets = facts.widgets;
    if (widgets.state === 'unknown') return error(widgets.reason);
    if (widgets.state === 'absent') return fail('the dashboard does not exist', { exists: false });
    return widgets.value > 0 ? pass(`${widgets.value} widget(s)`, { widgets: widgets.value }) : fail('the dashboard has no widget', { widgets: 0 });
  },
});
