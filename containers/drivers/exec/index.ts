/** The `exec:PATH` driver: an external program as the firewall driver (docs/drivers.md). */
export * from './exec-driver.ts';
export * from './driver-output.ts';
export * from './describe-failure.ts';
export * from './resolve-executable.ts';
