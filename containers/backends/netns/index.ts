/** The netns dataplane backend (docs/architecture.md, "The dataplane"). */
export * from './names.ts';
export * from './plan.ts';
export * from './flavours.ts';
export * from './segments.ts';
export * from './build.ts';
export * from './preflight.ts';
export * from './netns-dataplane.ts';
export * from './netns-backend.ts';
export * from './claim-prefix.ts';
export * from './build-phase.ts';
export * from './map-limit.ts';
export * from './overlay-plan.ts';
export * from './overlay-probes.ts';
export * from './migrate-plan.ts';
export * from './port-mover.ts';
export * from './forwarding-ports.ts';
export * from './pod-server.ts';
