/**
 * `--driver exec-serve:PATH`: one long-lived `PATH serve` process answers a JSON
 * request per line. The example driver's serve mode agrees with the model on the
 * walkthrough and leaves no process behind; a serve process that dies or writes
 * garbage is a driver error (exit 4) with its stderr.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../../harness/dataplane/exit-codes.ts';
import { runCommand } from '../../../../harness/process/index.ts';
import { createFakeDriverDir, keptStateFile } from './fake-drivers.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const walkthrough = `${root}examples/safespring-walkthrough.json`;
const fakes = createFakeDriverDir();
afterAll(() => fakes.remove());

async function check(driver: string): Promise<{ code: number; output: string }> {
  const argv = ['node', `${root}bin/netconform.mjs`, 'check', walkthrough, '--driver', driver];
  const result = await runCommand(argv, { timeoutMs: 240_000 });
  if (result.kind !== 'exited') throw new Error(`netconform check did not finish: ${result.kind}`);
  const output = `${result.stdout}\n${result.stderr}`;
  const kept = keptStateFile(output);
  if (kept !== undefined) rmSync(dirname(kept), { recursive: true, force: true });
  return { code: result.code, output };
}

describe('netconform check --driver exec-serve:', () => {
  it('the example driver in serve mode agrees on the walkthrough, no serve process left', async () => {
    const driver = `${root}examples/drivers/nft-safespring.sh`;
    const run = await check(`exec-serve:${driver}`);
    expect(run.output).toContain('verdict: agree');
    expect(run.code).toBe(ExitCode.ok);
    const left = await runCommand(['pgrep', '-f', `${driver} serve`]);
    expect(left).toMatchObject({ kind: 'exited', code: 1 });
  });

  it.each([
    ['dies', 'read -r line; echo "agent: lost my database" >&2; exit 3', 'exited with code 3'],
    ['writes garbage', 'read -r line; echo "agent: hello" >&2; echo "OK"', 'line 1: "OK"'],
  ])(
    'a serve process that %s is a driver error (exit 4) with its stderr',
    async (_, body, what) => {
      const path = fakes.script(`serve-${what.length}.sh`, `[ "$1" = serve ] || exit 9\n${body}`);
      const run = await check(`exec-serve:${path}`);
      expect(run.code).toBe(ExitCode.driverError);
      expect(run.output).toContain(what);
      expect(run.output).toContain('agent: ');
      expect(run.output).toContain(`| ${path} serve`);
    },
  );
});
