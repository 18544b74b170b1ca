/** The real dataplane side: backends, firewall drivers, pure renderers, probe agent, lifecycle. */
export * from './drivers/index.ts';
export * from './translate/index.ts';
export * from './backends/index.ts';
export * from './probe/index.ts';
export * from './lifecycle/index.ts';
