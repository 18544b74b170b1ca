import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DRIVER_STATE_SCHEMA_PATH,
  driverStateJsonSchema,
  driverStateJsonSchemaText,
} from '../../../harness/dataplane/write-driver-schema.ts';

describe('docs/driver-state.schema.json', () => {
  const published = readFileSync(DRIVER_STATE_SCHEMA_PATH, 'utf8');

  it('equals a fresh generation from the zod DriverState (run the schema writer if not)', async () => {
    expect(JSON.parse(published)).toEqual(driverStateJsonSchema());
    expect(published).toBe(await driverStateJsonSchemaText());
  });

  it('describes every field a driver reads, closed to unknown keys', () => {
    const schema = driverStateJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { items?: { required?: string[] } }>;
    };
    expect(schema.required).toEqual(
      expect.arrayContaining([
        'version',
        'profile',
        'generation',
        'hosts',
        'ports',
        'groups',
        'pools',
      ]),
    );
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.hosts?.items?.required).toEqual(
      expect.arrayContaining(['name', 'site', 'publicIp', 'uplink', 'enter']),
    );
    expect(schema.properties.ports?.items?.required).toEqual(
      expect.arrayContaining(['instance', 'ip', 'kind', 'site', 'host', 'hostInterface', 'groups']),
    );
  });
});
