/**
 * The reference driver and the mutants' witnesses on the Docker dataplane
 * (./end-to-end.suite.ts): drivers enter each host container through
 * `HostAccess.enter` and work unchanged; Docker's own nat table survives them.
 */
import { describe, expect, it } from 'vitest';
import { backendUnderTest } from '../../support/backends-under-test.ts';
import { endToEndSuite } from './end-to-end.suite.ts';

const { withDriver } = endToEndSuite(backendUnderTest('docker'));

describe('drivers on the docker dataplane', () => {
  it("the reference driver leaves Docker's nat table in every host container", async () => {
    await withDriver('reference', async (d) => {
      for (const snapshot of await d.snapshot()) {
        expect(snapshot.ruleset, snapshot.host).toMatch(/table ip nat/);
        expect(snapshot.ruleset, snapshot.host).toMatch(/DOCKER_OUTPUT/);
      }
    });
  });
});
