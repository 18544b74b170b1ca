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

  type Variant = {
    required: string[];
    additionalProperties: boolean;
    properties: Record<string, { const?: number; items?: { required?: string[] } }>;
  };
  const variant = (version: number): Variant | undefined =>
    (driverStateJsonSchema() as { oneOf: Variant[] }).oneOf.find(
      (v) => v.properties.version?.const === version,
    );

  it('describes every field a v1 driver reads, closed to unknown keys', () => {
    const schema = variant(1);
    expect(schema?.required).toEqual(
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
    expect(schema?.additionalProperties).toBe(false);
    expect(schema?.properties.hosts?.items?.required).toEqual([
      'name',
      'site',
      'publicIp',
      'uplink',
      'enter',
    ]);
    expect(schema?.properties.ports?.items?.required).toEqual(
      expect.arrayContaining(['instance', 'ip', 'kind', 'site', 'host', 'hostInterface', 'groups']),
    );
  });

  it('describes the v2 fields of bridged plumbing, closed to unknown keys', () => {
    const schema = variant(2);
    expect(schema?.additionalProperties).toBe(false);
    expect(schema?.properties.hosts?.items?.required).toEqual(
      expect.arrayContaining(['name', 'uplink', 'enter', 'plumbing', 'bridges']),
    );
    expect(schema?.properties.ports?.items?.required).toEqual(
      expect.arrayContaining([
        'hostInterface',
        'mac',
        'device',
        'portId',
        'vmId',
        'accountId',
        'bridge',
        'networkId',
        'prefixLength',
        'gateway',
        'secondaryIps',
      ]),
    );
    expect(schema?.properties.groups?.items?.required).toEqual(
      expect.arrayContaining(['name', 'id', 'account', 'rules']),
    );
  });
});
