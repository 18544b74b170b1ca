/** IPv4 helpers and the address plan. */
export * from './ipv4.ts';
export * from './address-plan.ts';
