/** The probe agent and the controller that drives it (real packets, tokens, flows). */
export * from './protocol.ts';
export * from './agent-process.ts';
export * from './agent-hub.ts';
export * from './agent-pool.ts';
export * from './bundle-agent.ts';
export * from './agent-kind.ts';
export * from './probe-controller.ts';
export * from './start-gate.ts';
export * from './token-waiter.ts';
export * from './adaptive-wait.ts';
export * from './late-arrivals.ts';
export * from './vxlan-packet.ts';
export * from './pod-query.ts';
export { FRAME_MARKER } from './frames.ts';
