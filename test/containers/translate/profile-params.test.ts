import { describe, expect, it } from 'vitest';
import { rendererParamsFor } from '../../../containers/translate/index.ts';

describe('rendererParamsFor', () => {
  it('keeps egress closed without egress rules in safespring and open in cloudstack', () => {
    expect(rendererParamsFor('safespring').egressWithoutEgressRules).toBe('deny');
    expect(rendererParamsFor('cloudstack').egressWithoutEgressRules).toBe('allow');
  });

  it('turns on each L2 check where the profile makes its promise (cloudstack), none in safespring', () => {
    expect(Object.values(rendererParamsFor('cloudstack').l2)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(Object.values(rendererParamsFor('safespring').l2)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('names the fix for an unknown profile', () => {
    expect(() => rendererParamsFor('nimbus')).toThrow(/no profile "nimbus" in spec\/profiles/);
  });
});
