// Each Lambda function runs on Graviton (arm64) and uses at least one layer.
import { defineCheck, pass, fail, error } from 'postflight';

export default defineCheck({
  id: 'lambda-function-arm64-with-layers',
  title: 'Lambda function runs on arm64 with at least one layer',
  severity: 'medium',
  appliesTo: ['AWS::Lambda::Function'],
  reads: {
    config: {
      client: '@aws-sdk/client-lambda',
      command: 'GetFunctionConfiguration',
      input: (fn) => ({ FunctionName: fn.arn ?? fn.id }),
      keep: (c) => ({ architectures: c.Architectures ?? [], layers: (c.Layers ?? []).map((l) => l.Arn) }),
    },
  },
  remediation: 'Set architectures = ["arm64"] and add the shared layer to layers on the aws_lambda_function.',
  evaluate: ({ facts }) => {
    const config = facts.config;
    if (config.state !== 'present') return error(config.reason ?? 'the function has no configuration');
    const { architectures, layers } = config.value;
    const problems = [];
    if (!architectures.includes('arm64')) problems.push(`runs on ${architectures.join(', ') || 'no architecture'}, not arm64`);
    if (layers.length === 0) problems.push('has no layer');
    return problems.length
      ? fail(`the function ${problems.join(' and ')}`, { architectures, layers })
      : pass(`runs on arm64 with ${layers.length} layer(s)`, { architectures, layers });
  },
});
