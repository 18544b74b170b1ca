/** Locally built container images (no registry): definitions, build, cache. */
export * from './definition.ts';
export * from './build-image.ts';
export * from './ensure-image.ts';
