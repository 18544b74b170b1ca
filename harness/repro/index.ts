/** Repro bundles (writer, step table) and replay. */
export * from './describe-step.ts';
export * from './steps-table.ts';
export * from './steps-file.ts';
export * from './replay-command.ts';
export * from './meta.ts';
export * from './write-bundle.ts';
export * from './replay.ts';
export * from './record-run.ts';
export * from './bundle-meta.ts';
