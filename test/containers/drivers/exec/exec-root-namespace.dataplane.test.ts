/**
 * An external driver must change hosts only through their `enter` prefix. One that
 * changes the machine's own (root) network namespace is a driver error naming what
 * changed, whatever it exits with; a well-behaved one is not flagged.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createExecDriver } from '../../../../containers/drivers/exec/index.ts';
import { claimPrefix } from '../../../../containers/backends/netns/index.ts';
import { releaseRun } from '../../../../containers/lifecycle/index.ts';
import { runCommand } from '../../../../harness/process/index.ts';
import { fixtureState } from '../../translate/driver-state-fixture.ts';
import { createFakeDriverDir, keptStateFile } from './fake-drivers.ts';

const fakes = createFakeDriverDir();
// Named with a prefix this process claims: other processes' root checks ignore it as
// another run's link (docs/findings.md, O1); this process's driver calls must not.
const prefix = claimPrefix(undefined);
const link = `${prefix}bad`;
const reader = fakes.script('reader.sh', `ip -o link >/dev/null; nft list ruleset >/dev/null`);
afterAll(async () => {
  await runCommand(['ip', 'link', 'del', link]);
  fakes.remove();
  releaseRun(prefix);
});

describe('exec driver and the root network namespace', () => {
  it('a driver that only reads is not flagged', async () => {
    const result = await createExecDriver(reader).apply(fixtureState({ generation: 2 }));
    expect(result.kind).toBe('applied');
  });

  it('after a clean call (its picture reused as the baseline), a driver that adds a link to the root namespace (no enter prefix) is a driver error naming it', async () => {
    const path = fakes.script(
      'no-enter.sh',
      `ip link add ${link} type bridge; echo '{"applied":true}'`,
    );
    const state = fixtureState({ generation: 2, runId: prefix });
    const result = await createExecDriver(path).apply(state);
    // Undo at once: other tests compare the root namespace too.
    await runCommand(['ip', 'link', 'del', link]);
    expect(result.kind).toBe('driver-error');
    if (result.kind !== 'driver-error') return;
    const kept = keptStateFile(result.message);
    if (kept !== undefined) rmSync(dirname(kept), { recursive: true, force: true });
    expect(result.message).toContain('changed the root network namespace');
    expect(result.message).toContain(`linkNames: +${link}`);
  });

  it('after a flagged call (its picture is not kept), a reading driver is not flagged', async () => {
    const result = await createExecDriver(reader).apply(fixtureState({ generation: 3 }));
    expect(result.kind).toBe('applied');
  });
});
