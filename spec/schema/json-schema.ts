/** The scenario format as JSON Schema, generated from the zod schema (the single source). */
import { z } from 'zod';
import { Scenario } from './scenario.ts';

/**
 * The text of `spec/schema/scenario.schema.json`. Refinements zod cannot express
 * (address and CIDR syntax, port ranges) stay as `pattern`-less strings; `parseScenario`
 * remains the authority.
 */
export function scenarioJsonSchemaText(): string {
  const schema = z.toJSONSchema(Scenario, { io: 'input', target: 'draft-2020-12' });
  const document = {
    ...schema,
    title: 'netconform scenario',
    description:
      'A topology and an ordered list of steps, checked against a platform profile. Generated from spec/schema/scenario.ts by `npm run schema`; do not edit.',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
