/**
 * Publishes the JSON Schema of the state external drivers receive
 * (docs/driver-state.schema.json), generated from the zod `DriverState` (v2) and
 * `DriverStateV1`, which stay
 * the single source of truth. Run `node --import tsx harness/dataplane/write-driver-schema.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { z } from 'zod';
import { AnyDriverState } from './driver-state-v1.ts';

/** Where the published schema lives. */
export const DRIVER_STATE_SCHEMA_PATH = fileURLToPath(
  new URL('../../docs/driver-state.schema.json', import.meta.url),
);

/** The JSON Schema (draft 2020-12) of `DriverState`, with a title and description. */
export function driverStateJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(AnyDriverState, { io: 'input' });
  return {
    $schema,
    title: 'netconform DriverState',
    description:
      'The desired state an external firewall driver receives as STATE.json ' +
      '(`PATH apply STATE.json`, `PATH teardown STATE.json`). See docs/drivers.md. ' +
      'Version 2 is sent on bridged plumbing, version 1 on routed plumbing. ' +
      'Generated from harness/dataplane/driver-state.ts and driver-state-v1.ts: do not edit by hand.',
    ...rest,
  };
}

/** The schema file's text, formatted as prettier would (so `prettier --check .` passes). */
export async function driverStateJsonSchemaText(): Promise<string> {
  const options = await prettier.resolveConfig(DRIVER_STATE_SCHEMA_PATH);
  return prettier.format(JSON.stringify(driverStateJsonSchema()), {
    ...options,
    filepath: DRIVER_STATE_SCHEMA_PATH,
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(DRIVER_STATE_SCHEMA_PATH, await driverStateJsonSchemaText());
  process.stdout.write(`wrote ${DRIVER_STATE_SCHEMA_PATH}\n`);
}
