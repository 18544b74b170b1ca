import { describe, expect, it } from 'vitest';
import { rendererParamsFor } from '../../../containers/translate/index.ts';

describe('rendererParamsFor', () => {
  it('keeps egress closed without egress rules in safespring and open in cloudstack', () => {
    expect(rendererParamsFor('safespring').egressWithoutEgressRules).toBe('deny');
    expect(rendererParamsFor('cloudstack').egressWithoutEgressRules).toBe('allow');
  });

  it('names the fix for an unknown profile', () => {
    expect(() => rendererParamsFor('nimbus')).toThrow(/no profile "nimbus" in spec\/profiles/);
  });
});
