import { describe, expect, it } from 'vitest';
import { rendererParamsFor } from '../../../containers/translate/index.ts';

describe('rendererParamsFor', () => {
  it('keeps egress closed without egress rules in safespring and open in cloudstack', () => {
    expect(rendererParamsFor('safespring').egressWithoutEgressRules).toBe('deny');
    expect(rendererParamsFor('cloudstack').egressWithoutEgressRules).toBe('allow');
  });

  it('turns on each L2 check where the profile makes its promise (cloudstack), none in safespring', () => {
    const { bumByRules, ...cloudstack } = rendererParamsFor('cloudstack').l2;
    expect(Object.values(cloudstack)).toEqual([true, true, true, true, true]);
    expect(bumByRules).toBe(false);
    expect(Object.values(rendererParamsFor('safespring').l2)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('neutron: the MAC half of its IP/MAC pairs, broadcast judged by the rules, no BUM drop', () => {
    expect(rendererParamsFor('neutron').l2).toEqual({
      sourceMac: true,
      arpClaims: false,
      dropBum: false,
      dropDhcpServer: true,
      onlyOwnUnicast: false,
      bumByRules: true,
    });
  });

  it('names the fix for an unknown profile', () => {
    expect(() => rendererParamsFor('nimbus')).toThrow(/no profile "nimbus" in spec\/profiles/);
  });
});
