/**
 * `npm run schema`: writes `spec/schema/scenario.schema.json` from the zod schema.
 * A script (uses node:fs), so it is excluded from spec/'s purity lint.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from './json-schema.ts';

const target = fileURLToPath(new URL('./scenario.schema.json', import.meta.url));
writeFileSync(target, scenarioJsonSchemaText());
console.log(`wrote ${target}`);
