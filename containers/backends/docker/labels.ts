/**
 * Labels and names of what the Docker backend creates. Containers keep the netns
 * backend's namespace names (`netconform-<prefix>-h0`), so one run prefix names a
 * run's containers, networks and namespaces alike.
 */

/** Marks every container and network of the Docker backend. */
export const LABEL_BACKEND = 'netconform.backend';
/** Run prefix of the run that created a container or network. */
export const LABEL_RUN = 'netconform.run';
/** `host`, `site` or `internet` on containers, `lan` or `wan` on networks. */
export const LABEL_ROLE = 'netconform.role';
/** Topology name a container stands for. */
export const LABEL_ENTITY = 'netconform.entity';

/** Labels common to everything of run `prefix`. */
export function runLabels(prefix: string): Record<string, string> {
  return { [LABEL_BACKEND]: 'docker', [LABEL_RUN]: prefix };
}

/** Docker network joining site router `siteContainer` and its compute hosts. */
export const lanNetworkName = (siteContainer: string): string => `${siteContainer}-lan`;

/** Docker network joining every site router and the internet router. */
export const wanNetworkName = (prefix: string): string => `netconform-${prefix}-wan`;
