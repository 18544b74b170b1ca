/** Built-in firewall drivers: the reference nft driver, its mutants and the registry. */
export * from './apply-nft-script.ts';
export * from './nft-driver.ts';
export * from './reference-driver.ts';
export * from './mutants/index.ts';
export * from './registry.ts';
export * from './neutron/index.ts';
export * from './overlay-agent.ts';
