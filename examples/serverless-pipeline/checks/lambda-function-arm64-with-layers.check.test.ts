import { absent, present, unknown } from '../../../src/facts/fact.js';
import { loadCheckModule } from '../../../src/engine/registry.js';
import { runCheckCases } from '../../../test/helpers/check-cases.js';

const { check } = await loadCheckModule(new URL('./lambda-function-arm64-with-layers.check.mjs', import.meta.url).pathname, false);
const LAYER = 'arn:aws:lambda:us-east-1:123456789012:layer:deps:3';

describe('what the check reads', () => {
  it('GetFunctionConfiguration by ARN, keeping the architectures and layer ARNs', () => {
    const read = check.reads!.config!;
    expect(read.input({ type: 'AWS::Lambda::Function', id: 'ingest', arn: 'arn:aws:lambda:us-east-1:1:function:ingest', keys: [] })).toEqual({ FunctionName: 'arn:aws:lambda:us-east-1:1:function:ingest' });
    expect(read.keep!({ Architectures: ['arm64'], Layers: [{ Arn: LAYER, CodeSize: 1 }] })).toEqual({ architectures: ['arm64'], layers: [LAYER] });
    expect(read.keep!({})).toEqual({ architectures: [], layers: [] });
  });
});

runCheckCases(check, {
  pass: [
    { name: 'arm64 with one layer', facts: { config: present({ architectures: ['arm64'], layers: [LAYER] }) }, expectEvidence: { layers: [LAYER] } },
    { name: 'arm64 with two layers', facts: { config: present({ architectures: ['arm64'], layers: [LAYER, `${LAYER}0`] }) } },
  ],
  fail: [
    { name: 'x86_64 with a layer', facts: { config: present({ architectures: ['x86_64'], layers: [LAYER] }) }, expectEvidence: { architectures: ['x86_64'] } },
    { name: 'arm64 without a layer', facts: { config: present({ architectures: ['arm64'], layers: [] }) }, expectEvidence: { layers: [] } },
    { name: 'x86_64 without a layer', facts: { config: present({ architectures: ['x86_64'], layers: [] }) } },
    { name: 'no architecture reported', facts: { config: present({ architectures: [], layers: [LAYER] }) } },
  ],
  error: [
    { name: 'the configuration could not be read', facts: { config: unknown('AccessDeniedException') } },
    { name: 'no configuration', facts: { config: absent() } },
    { name: 'not read at all', facts: {} },
  ],
});
