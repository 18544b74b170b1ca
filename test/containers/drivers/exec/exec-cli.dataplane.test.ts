/**
 * End to end: `netconform check` with `--driver exec:...` on the netns backend. The
 * example driver passes the walkthrough, its broken copy is caught, and drivers that
 * fail, hang or write garbage end the check with exit 4 and nothing left behind.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../../harness/process/index.ts';
import { ExitCode } from '../../../../harness/dataplane/exit-codes.ts';
import { AnyDriverState } from '../../../../harness/dataplane/index.ts';
import { createFakeDriverDir, keptStateFile, type FakeDriverDir } from './fake-drivers.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const walkthrough = `${root}examples/safespring-walkthrough.json`;

interface CliRun {
  readonly code: number;
  readonly output: string;
}

async function check(driver: string, env: readonly string[] = []): Promise<CliRun> {
  const argv = ['env', ...env, 'node', `${root}bin/netconform.mjs`, 'check', walkthrough];
  const result = await runCommand([...argv, '--driver', driver], { timeoutMs: 240_000 });
  if (result.kind !== 'exited') throw new Error(`netconform check did not finish: ${result.kind}`);
  return { code: result.code, output: `${result.stdout}\n${result.stderr}` };
}

let fakes: FakeDriverDir;
const keptDirs = new Set<string>();
beforeAll(() => {
  fakes = createFakeDriverDir();
});
afterAll(() => {
  fakes.remove();
  for (const dir of keptDirs) rmSync(dir, { recursive: true, force: true });
});

describe('netconform check --driver exec:', () => {
  it('the example driver agrees with the model on the walkthrough (exit 0)', async () => {
    const run = await check(`exec:${root}examples/drivers/nft-safespring.sh`);
    expect(run.output).toContain('verdict: agree');
    expect(run.code).toBe(ExitCode.ok);
  });

  it('its broken copy (no established accept) is caught (exit 1)', async () => {
    const run = await check(`exec:${root}examples/drivers/broken-stateless.sh`);
    expect(run.output).toMatch(/disagree .*CT-REPLY/);
    // `check` runs no follow-up probes: a blocked TCP open alone cannot separate a
    // conntrack defect from a rule defect, so CT-REPLY is named, not guessed.
    expect(run.output).toMatch(
      /^step \d+ violated: (CT-REPLY\b|undetermined \(the observations do not separate [^)]*CT-REPLY)/m,
    );
    expect(run.code).toBe(ExitCode.disagreement);
  });

  it.each([
    ['exits non-zero', 'echo "agent: host h0 unreachable" >&2; exit 3', 'exited with code 3'],
    ['hangs', 'echo "agent: waiting for lock" >&2; sleep 60', 'did not finish within 500 ms'],
    ['writes garbage', 'echo "agent: ok" >&2; echo "Applying rules..."', 'line 1: "Applying'],
    [
      'floods stdout with blank lines',
      `echo "agent: flooding" >&2; head -c 700M /dev/zero | tr '\\0' '\\n'`,
      'bytes to stdout',
    ],
  ])(
    'a driver that %s ends the check with exit 4 and no namespace left',
    async (behaviour, body, what) => {
      const path = fakes.script(`agent-${behaviour.replace(/\W/g, '-')}.sh`, body);
      // Only the hang needs a short limit; the flood must reach the output cap first.
      const env = behaviour === 'hangs' ? ['NETCONFORM_DRIVER_TIMEOUT_MS=500'] : [];
      const run = await check(`exec:${path}`, env);
      expect(run.code).toBe(ExitCode.driverError);
      expect(run.output).toContain(what);
      expect(run.output).toContain('agent: ');

      // The state the driver was given names the run and its namespaces: all gone.
      const kept = keptStateFile(run.output);
      expect(kept).toBeDefined();
      keptDirs.add(dirname(kept ?? ''));
      const state = AnyDriverState.parse(JSON.parse(readFileSync(kept ?? '', 'utf8')));
      const listed = await runCommand(['ip', 'netns', 'list']);
      const namespaces = listed.kind === 'exited' ? listed.stdout : 'ip netns list failed';
      expect(namespaces).not.toContain(`netconform-${state.runId}-`);
      for (const host of state.hosts) {
        const bound = host.enter.join(' ').match(/--net=\/run\/netns\/(\S+)/)?.[1];
        expect(bound).toBeDefined();
        expect(namespaces).not.toContain(bound);
      }
    },
  );

  it('a driver that exits 0 but leaves a child holding stdout ends the check in seconds (exit 4), nothing left running', async () => {
    const marker = `1000.${process.pid}`;
    const path = fakes.script('agent-lingering.sh', `sleep ${marker} & echo '{"applied":true}'`);
    const started = Date.now();
    const run = await check(`exec:${path}`);
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(run.code).toBe(ExitCode.driverError);
    expect(run.output).toContain('left processes holding its stdout/stderr open');
    const kept = keptStateFile(run.output);
    if (kept !== undefined) keptDirs.add(dirname(kept));
    const left = await runCommand(['pgrep', '-f', `sleep ${marker}`]);
    expect(left).toMatchObject({ kind: 'exited', code: 1, stdout: '' });
  });
});
