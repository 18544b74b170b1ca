/** The harness's contract with dataplane backends and firewall drivers. */
export * from './contract.ts';
export * from './driver-state.ts';
export * from './driver-state-v1.ts';
export * from './stable-id.ts';
export * from './build-driver-state.ts';
export * from './exit-codes.ts';
export * from './driver-spec.ts';
