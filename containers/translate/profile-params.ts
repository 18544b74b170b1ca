/** The renderer's view of a profile: read from spec's profile records. */
import { profiles, type Profile } from '../../spec/index.ts';
import type { RendererProfileParams } from './render-options.ts';

/** The renderer parameters of `profile`; throws on a profile spec does not define. */
export function rendererParamsFor(profile: string): RendererProfileParams {
  const record = (profiles as Partial<Record<string, Profile>>)[profile];
  if (record === undefined) {
    throw new Error(
      `no profile "${profile}" in spec/profiles; add its record there (known: ${Object.keys(profiles).join(', ')})`,
    );
  }
  const promises = (id: Profile['requirements'][number]) => record.requirements.includes(id);
  return {
    egressWithoutEgressRules: record.egressWithoutEgressRules,
    onRuleRemoval: record.onRuleRemoval,
    ctDeleteScope: record.ctDeleteScope ?? 'unadmitted',
    podServerAccess: promises('L2-DHCP-DNS'),
    natSource: record.natSource ?? 'host',
    invalid: promises('NEUTRON-INVALID') ? 'rules' : 'drop',
    dhcpClient: promises('NEUTRON-DHCP-CLIENT'),
    // Each L2 check follows the requirement it keeps.
    l2: {
      // neutron's IP/MAC pair chain drops a foreign source MAC as well.
      sourceMac: promises('L2-MAC-SPOOF') || promises('NEUTRON-IP-MAC-PAIR'),
      arpClaims: promises('L2-ARP-SPOOF'),
      dropBum: promises('L2-BUM-DROP'),
      dropDhcpServer: promises('L2-NO-ROGUE-DHCP'),
      onlyOwnUnicast: promises('L2-NO-SNOOP'),
      bumByRules: promises('NEUTRON-BROADCAST'),
    },
  };
}
