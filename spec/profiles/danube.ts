/**
 * Danube Cloud overlays (seed 003, "Overlay networking", docs/architecture.md): VXLAN
 * networks stretched over compute hosts and physical datacenters (PDC), IPsec between
 * PDCs, MTU 1400, unencrypted overlay packets dropped on the external interface.
 * Danube's per-VM firewall is outside the seed: instances of one overlay are unfiltered.
 */
import { requirements } from '../requirements/catalogue.ts';
import type { Profile } from './profile.ts';

export const danube: Profile = {
  name: 'danube',
  title: 'Danube Cloud (VXLAN overlays over an IPsec mesh)',
  // Overlays are the only networks seed 003 describes.
  networkKinds: ['overlay'],
  // No security groups in seed 003; these three parameters are never consulted for overlays.
  noGroup: 'isolated',
  egressWithoutEgressRules: 'deny',
  onRuleRemoval: 'keep',
  groupChangesAfterCreate: false,
  // Per host a VXLAN device and bridge per overlay, ESP between PDCs (docs/backends.md).
  plumbing: { mode: 'overlay' },
  requirements: requirements.filter((r) => r.profiles.includes('danube')).map((r) => r.id),
};
