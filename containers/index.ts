/** The real dataplane side: command runner, firewall drivers and pure renderers. */
export * from './process/index.ts';
export * from './drivers/index.ts';
export * from './translate/index.ts';
export * from './backends/index.ts';
export * from './probe/index.ts';
export * from './lifecycle/index.ts';
