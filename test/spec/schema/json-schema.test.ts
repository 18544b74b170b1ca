/** The committed JSON Schema must equal a fresh generation (run `npm run schema`). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchemaText } from '../../../spec/index.ts';

describe('spec/schema/scenario.schema.json', () => {
  it('is up to date with the zod schema (fix: npm run schema)', () => {
    const committed = readFileSync(
      new URL('../../../spec/schema/scenario.schema.json', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(scenarioJsonSchemaText());
  });
  it('describes every step op and forbids unknown fields', () => {
    const schema = JSON.parse(scenarioJsonSchemaText()) as {
      properties: { steps: { items: { oneOf?: unknown[]; anyOf?: unknown[] } } };
      additionalProperties: boolean;
    };
    const variants =
      schema.properties.steps.items.oneOf ?? schema.properties.steps.items.anyOf ?? [];
    expect(variants).toHaveLength(22);
    expect(schema.additionalProperties).toBe(false);
  });
});
