/**
 * The shape of a Docker plan: its containers (names, roles, networks) and networks
 * with the run prefix taken out. Two plans of one shape can run on the same
 * containers and networks, re-plumbed (see `ContainerStock`).
 */
import type { DockerPlan } from './docker-plan.ts';

/** A string equal for exactly the plans whose Docker objects are interchangeable. */
export function shapeKey(plan: DockerPlan): string {
  const marker = `netconform-${plan.prefix}-`;
  const strip = (name: string): string => name.split(marker).join('netconform-*-');
  return JSON.stringify([
    plan.containers.map((c) => [strip(c.name), c.role, c.networks.map(strip)]),
    plan.networks.map((n) => [strip(n.name), n.role]),
  ]);
}
