/** Pure renderers from the driver's desired state to firewall text (unit-testable without root). */
export * from './nft-names.ts';
export * from './render-options.ts';
export * from './render-rule.ts';
export * from './render-host-ruleset.ts';
export * from './profile-params.ts';
export * from './render-l2.ts';
export * from './render-overlay.ts';
export * from './flow-cut.ts';
export * from './neutron-ct-scope.ts';
export * from './render-overlay-agent.ts';
