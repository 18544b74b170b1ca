/** The renderer's view of a profile: read from spec's profile records. */
import { profiles } from '../../spec/index.ts';
import type { RendererProfileParams } from './render-options.ts';

/** The renderer parameters of `profile`; throws on a profile spec does not define. */
export function rendererParamsFor(profile: string): RendererProfileParams {
  const record = (profiles as Partial<Record<string, RendererProfileParams>>)[profile];
  if (record === undefined) {
    throw new Error(
      `no profile "${profile}" in spec/profiles; add its record there (known: ${Object.keys(profiles).join(', ')})`,
    );
  }
  return { egressWithoutEgressRules: record.egressWithoutEgressRules };
}
