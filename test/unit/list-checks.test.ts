import { describe, expect, it } from '@jest/globals';
import rotation from '../../checks/kms-key-rotation-enabled.check.js';
import type { AnyCheck } from '../../src/engine/define.js';
import { checkTags } from '../../src/engine/registry.js';

describe('how list-checks tags a check', () => {
  const custom = (family?: string): AnyCheck => ({ ...(rotation as unknown as AnyCheck), severity: 'medium', family: family as never });

  it('a built-in check: its severity and family', () => {
    expect(checkTags({ check: rotation as unknown as AnyCheck, builtIn: true })).toBe(`[${rotation.severity}, ${rotation.family}]`);
  });

  it('a custom check without a family says so once', () => {
    expect(checkTags({ check: custom(undefined), builtIn: false })).toBe('[medium, custom check]');
    expect(checkTags({ check: custom('custom'), builtIn: false })).toBe('[medium, custom check]');
  });

  it('a custom check that names its family keeps it', () => {
    expect(checkTags({ check: custom('encryption'), builtIn: false })).toBe('[medium, encryption, custom check]');
  });
});
