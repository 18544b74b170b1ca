import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createExecDriver,
  type DriverLogEntry,
  type ExecDriverOptions,
} from '../../../../containers/drivers/exec/index.ts';
import { ExitCode, UsageError } from '../../../../harness/dataplane/exit-codes.ts';
import {
  DriverStateV1,
  toDriverStateV1,
  type DriverResult,
  type DriverState,
} from '../../../../harness/dataplane/index.ts';
import { fixtureState } from '../../translate/driver-state-fixture.ts';
import { waitProcessGone } from '../../../support/process-gone.ts';
import { createFakeDriverDir, keptStateFile, type FakeDriverDir } from './fake-drivers.ts';

let fakes: FakeDriverDir;
beforeAll(() => {
  fakes = createFakeDriverDir();
});
/** Directories holding state files the driver kept after a failure. */
const keptDirs = new Set<string>();
afterAll(() => {
  fakes.remove();
  for (const dir of keptDirs) rmSync(dir, { recursive: true, force: true });
});

/** The fixture with a distinct enter prefix per host, as two backends would give. */
const state = (generation = 1): DriverState => {
  const base = fixtureState({ generation });
  const enters: Record<string, string[]> = {
    h1: ['ip', 'netns', 'exec', 'nc-h1'],
    h2: ['nsenter', '-t', '4242', '-n'],
  };
  return { ...base, hosts: base.hosts.map((h) => ({ ...h, enter: enters[h.name] ?? [] })) };
};

function driverError(result: DriverResult): { message: string; stderr: string } {
  if (result.kind !== 'driver-error')
    throw new Error(`expected a driver error, got ${result.kind}`);
  const kept = keptStateFile(result.message);
  if (kept !== undefined) keptDirs.add(dirname(kept));
  return result;
}

async function applyWith(body: string, options: ExecDriverOptions = {}): Promise<DriverResult> {
  const driver = createExecDriver(fakes.script(`d${Math.random()}.sh`, body), options);
  return driver.apply(state(7));
}

describe('exec driver with a well-behaved program', () => {
  it('runs `PATH apply STATE.json` and `PATH teardown STATE.json` with a valid state file', async () => {
    const seen = `${fakes.dir}/seen`;
    const path = fakes.script(
      'ok.sh',
      `cp "$2" "${seen}-$1.json"; echo "$2" > "${seen}-$1.path"
echo '{"applied":true,"host":"h1"}'
echo
echo '{"log":"programmed 3 chains","level":"warn","host":"h2","ms":4}'`,
    );
    const logs: DriverLogEntry[] = [];
    const driver = createExecDriver(path, { onLog: (e) => logs.push(e) });
    expect(driver.name).toBe(`exec:${path}`);

    const result = await driver.apply(state(3));
    expect(result.kind).toBe('applied');
    expect(logs).toEqual([{ level: 'warn', message: 'programmed 3 chains', host: 'h2' }]);

    // Routed plumbing: the program receives version 1, so v1 drivers keep working.
    const written = DriverStateV1.parse(JSON.parse(readFileSync(`${seen}-apply.json`, 'utf8')));
    expect(written).toEqual(toDriverStateV1(state(3)));
    expect(written.hosts.map((h) => h.enter)).toEqual([
      ['ip', 'netns', 'exec', 'nc-h1'],
      ['nsenter', '-t', '4242', '-n'],
    ]);

    await driver.teardown(state(4));
    expect(JSON.parse(readFileSync(`${seen}-teardown.json`, 'utf8')).generation).toBe(4);
    // Each run gets a private state file, removed once the run succeeded.
    expect(existsSync(readFileSync(`${seen}-apply.path`, 'utf8').trim())).toBe(false);
  });
});

describe('exec driver input', () => {
  it('refuses to hand the driver a state that breaks the schema (a harness bug)', async () => {
    const ran = `${fakes.dir}/ran-invalid`;
    const driver = createExecDriver(fakes.script('never.sh', `touch "${ran}"`));
    const invalid = { ...state(), hosts: [{ ...state().hosts[0], publicIp: 'not-an-ip' }] };
    await expect(driver.apply(invalid as DriverState)).rejects.toThrow(/hosts\.0\.publicIp/);
    expect(existsSync(ran)).toBe(false);
  });
});

describe('exec driver failures are driver errors with the driver stderr', () => {
  it('a non-zero exit', async () => {
    const error = driverError(await applyWith('echo "nft: table busy on h1" >&2; exit 3'));
    expect(error.message).toMatch(/failed at generation 7: .* apply .* exited with code 3/);
    expect(error.message).toContain('nft: table busy on h1');
    expect(error.stderr).toContain('nft: table busy on h1');
    const kept = keptStateFile(error.message);
    expect(kept).toBeDefined();
    expect(DriverStateV1.parse(JSON.parse(readFileSync(kept ?? '', 'utf8'))).generation).toBe(7);
  });

  it('a hang: killed with its process group after the timeout', async () => {
    const pidFile = `${fakes.dir}/child.pid`;
    const body = `trap '' TERM; echo "waiting for the agent" >&2
sleep 60 & echo $! > "${pidFile}"; wait`;
    const error = driverError(await applyWith(body, { timeoutMs: 300 }));
    expect(error.message).toContain('did not finish within 300 ms');
    expect(error.message).toContain('waiting for the agent');
    // The driver's own child is gone too (or a zombie awaiting its reaper).
    expect(await waitProcessGone(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
  });

  it('exit 0 with a child left holding stdout: a driver error within seconds, child killed', async () => {
    const pidFile = `${fakes.dir}/lingering.pid`;
    const started = Date.now();
    const error = driverError(
      await applyWith(`sleep 1000 & echo $! > "${pidFile}"; echo '{"applied":true}'`),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.message).toContain('left processes holding its stdout/stderr open');
    expect(await waitProcessGone(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
  });

  it('endless stdout: killed at the limit, a driver error with the end of stderr', async () => {
    const error = driverError(await applyWith(`echo "agent: flooding" >&2; yes ''`));
    expect(error.message).toMatch(/wrote more than \d+ bytes to stdout/);
    expect(error.message).toContain('agent: flooding');
  });

  it('prints its command line shell-quoted, so pasting it runs nothing else', async () => {
    const path = fakes.script("$(touch pwned) it's.sh", 'exit 5');
    const error = driverError(await createExecDriver(path).apply(state()));
    expect(error.message).toContain(`'${fakes.dir}/$(touch pwned) it'\\''s.sh' apply `);
  });

  it('garbage on stdout, even with exit 0', async () => {
    const body = `echo "Applying rules to h1..."; echo '{"applied":true}'; echo "all good" >&2`;
    const error = driverError(await applyWith(body));
    expect(error.message).toContain('line 1: "Applying rules to h1..."');
    expect(error.message).toContain('send human-readable output to stderr');
    expect(error.message).toContain('all good');
  });

  it('a JSON line that is neither an outcome nor a log', async () => {
    const error = driverError(await applyWith(`echo '{"applied":"yes"}'`));
    expect(error.message).toMatch(/line 1: .*"applied"/);
  });

  it('a failure the driver reports on stdout', async () => {
    const body = `echo '{"applied":true,"host":"h1"}'; echo '{"applied":false,"host":"h2","message":"nft missing"}'`;
    const error = driverError(await applyWith(body));
    expect(error.message).toContain('reported a failure on stdout: h2: nft missing');
  });

  it('a program that cannot start (bad interpreter)', async () => {
    const path = fakes.script('bad-interp.sh', '');
    writeFileSync(path, '#!/nonexistent/interpreter\necho hi\n');
    const error = driverError(await createExecDriver(path).apply(state()));
    expect(error.message).toMatch(/could not be started.*interpreter that exists/);
  });

  it('a failing teardown is reported through onLog, not thrown', async () => {
    const logs: DriverLogEntry[] = [];
    const path = fakes.script(
      'td.sh',
      '[ "$1" = teardown ] && { echo "no such netns" >&2; exit 1; }; true',
    );
    const driver = createExecDriver(path, { onLog: (e) => logs.push(e) });
    expect((await driver.apply(state())).kind).toBe('applied');
    await driver.teardown(state());
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ level: 'error', origin: 'harness' });
    expect(logs[0]?.message).toMatch(/teardown .* exited with code 1[\s\S]*no such netns/);
    const kept = keptStateFile(logs[0]?.message ?? '');
    if (kept !== undefined) keptDirs.add(dirname(kept));
  });
});

describe('exec driver creation', () => {
  const usageError = (make: () => unknown): UsageError => {
    try {
      make();
    } catch (error) {
      if (error instanceof UsageError) return error;
      throw error;
    }
    throw new Error('expected a UsageError');
  };

  it('rejects a missing path, naming it', () => {
    const error = usageError(() => createExecDriver(`${fakes.dir}/nope.sh`));
    expect(error.exitCode).toBe(ExitCode.badInput);
    expect(error.message).toContain(`exec:${fakes.dir}/nope.sh: no such file`);
  });

  it('rejects a file that is not executable, with the chmod fix', () => {
    const path = fakes.script('plain.sh', 'exit 0', 0o644);
    expect(usageError(() => createExecDriver(path)).message).toContain(`chmod +x ${path}`);
  });

  it('rejects a directory and an empty path', () => {
    expect(usageError(() => createExecDriver(fakes.dir)).message).toContain('not a regular file');
    expect(usageError(() => createExecDriver('')).message).toContain('needs a path');
  });

  it('rejects a malformed NETCONFORM_DRIVER_TIMEOUT_MS', () => {
    const path = fakes.script('fine.sh', 'exit 0');
    process.env.NETCONFORM_DRIVER_TIMEOUT_MS = 'soon';
    try {
      expect(usageError(() => createExecDriver(path)).message).toContain(
        'NETCONFORM_DRIVER_TIMEOUT_MS=soon',
      );
    } finally {
      delete process.env.NETCONFORM_DRIVER_TIMEOUT_MS;
    }
  });
});
