/**
 * Overlay fields: only overlays carry `vni`, `mtu` and `udpPort`; every overlay has a
 * VXLAN number, unique per UDP port (two overlays with one number would be one switch).
 */
import { DEFAULT_OVERLAY_PORT, type Scenario } from '../schema/scenario.ts';
import { issue, type ScenarioIssue } from './issue.ts';

/** Issues for overlay fields on the wrong networks, missing or shared VXLAN numbers. */
export function checkOverlays(scenario: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const seen = new Map<string, string>();
  scenario.topology.networks.forEach((n, i) => {
    const path = ['topology', 'networks', i];
    if (n.kind !== 'overlay') {
      for (const field of ['vni', 'mtu', 'udpPort'] as const)
        if (n[field] !== undefined)
          issues.push(
            issue(
              [...path, field],
              `"${field}" applies to overlay networks, not ${n.kind}`,
              `remove "${field}" or make the network kind "overlay"`,
            ),
          );
      return;
    }
    if (n.vni === undefined) {
      issues.push(
        issue([...path, 'vni'], `overlay "${n.name}" has no VXLAN number`, 'add "vni": 1-16777215'),
      );
      return;
    }
    const key = `${n.vni}/${n.udpPort ?? DEFAULT_OVERLAY_PORT}`;
    const other = seen.get(key);
    if (other !== undefined)
      issues.push(
        issue(
          [...path, 'vni'],
          `overlay "${n.name}" has VXLAN number ${n.vni} on UDP port ${n.udpPort ?? DEFAULT_OVERLAY_PORT}, like "${other}"`,
          'give every overlay its own VXLAN number (or another udpPort)',
        ),
      );
    else seen.set(key, n.name);
  });
  return issues;
}
