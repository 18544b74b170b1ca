/**
 * Root is not a sandbox: the probe agent runs as root, so netconform only executes it
 * from a private runtime directory it checks on every use, and verifies its content.
 * A directory or agent someone else planted fails closed (exit 2, saying why); a file
 * planted where older versions cached the agent (the world-writable temp directory) is
 * never executed.
 */
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../harness/dataplane/exit-codes.ts';
import { runCommand } from '../../../harness/process/index.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const walkthrough = `${root}examples/safespring-walkthrough.json`;
const NOBODY = 65534;

const base = mkdtempSync(join(tmpdir(), 'netconform-runtime-test-'));
chmodSync(base, 0o755);
const runtime = join(base, 'runtime');
afterAll(() => rmSync(base, { recursive: true, force: true }));
beforeEach(() => rmSync(runtime, { recursive: true, force: true }));

async function check(env: readonly string[]): Promise<{ code: number; output: string }> {
  const argv = ['env', ...env, 'node', `${root}bin/netconform.mjs`, 'check', walkthrough];
  const result = await runCommand(argv, { timeoutMs: 240_000 });
  if (result.kind !== 'exited') throw new Error(`netconform check did not finish: ${result.kind}`);
  return { code: result.code, output: `${result.stdout}\n${result.stderr}` };
}

const withRuntime = (dir = runtime) => [`NETCONFORM_RUNTIME_DIR=${dir}`];

/** Bundles the agent into `runtime` the way a run does; returns the agent's path. */
async function bundledAgent(): Promise<string> {
  const result = await runCommand(
    [
      'env',
      ...withRuntime(),
      'node',
      '--import',
      'tsx',
      '-e',
      `import('${root}containers/probe/bundle-agent.ts').then(async (m) => console.log(await m.agentScript()))`,
    ],
    { timeoutMs: 60_000 },
  );
  if (result.kind !== 'exited' || result.code !== 0) throw new Error(JSON.stringify(result));
  return result.stdout.trim();
}

describe('the private runtime directory fails closed', () => {
  it.each([
    ['owned by another user', () => chownSync(runtime, NOBODY, NOBODY), 'it is owned by uid 65534'],
    ['open to others', () => chmodSync(runtime, 0o777), 'its mode is 0777'],
  ])('a runtime directory %s: exit 2 saying why', async (_, plant, why) => {
    mkdirSync(runtime, { mode: 0o700 });
    plant();
    const run = await check(withRuntime());
    expect(run.code).toBe(ExitCode.badInput);
    expect(run.output).toContain(`refusing to use ${runtime}: ${why}`);
  });

  it('a symbolic link planted as the runtime directory: exit 2', async () => {
    const elsewhere = join(base, 'elsewhere');
    mkdirSync(elsewhere, { recursive: true, mode: 0o700 });
    symlinkSync(elsewhere, runtime);
    const run = await check(withRuntime());
    expect(run.code).toBe(ExitCode.badInput);
    expect(run.output).toContain(`refusing to use ${runtime}: it is a symbolic link`);
  });

  it('an agent file owned by another user: exit 2, never executed', async () => {
    const agent = await bundledAgent();
    chownSync(agent, NOBODY, NOBODY);
    const run = await check(withRuntime());
    expect(run.code).toBe(ExitCode.badInput);
    expect(run.output).toContain(`refusing to use ${agent}: it is owned by uid 65534`);
  });

  it('an agent whose content was altered: exit 2, never executed', async () => {
    const agent = await bundledAgent();
    const marker = join(base, 'altered-agent-ran');
    writeFileSync(
      agent,
      `import { writeFileSync } from 'node:fs'; writeFileSync('${marker}', 'ran');\n`,
    );
    const run = await check(withRuntime());
    expect(run.code).toBe(ExitCode.badInput);
    expect(run.output).toContain(`refusing to use ${agent}: its content does not match`);
    expect(existsSync(marker)).toBe(false);
  });

  it('an agent planted by another user where older versions cached it is never executed', async () => {
    // Older versions used $TMPDIR/netconform-agent-<first 12 hex of the sources' SHA-256>.mjs.
    const sources = ['agent.ts', 'agent-io.ts', 'agent-ping.ts', 'agent-spoof.ts', 'protocol.ts'];
    const hash = createHash('sha256');
    for (const file of sources) hash.update(readFileSync(`${root}containers/probe/${file}`));
    const temp = join(base, 'tmp');
    mkdirSync(temp, { mode: 0o1777, recursive: true });
    chmodSync(temp, 0o1777);
    const planted = join(temp, `netconform-agent-${hash.digest('hex').slice(0, 12)}.mjs`);
    const marker = join(base, 'planted-agent-ran');
    writeFileSync(
      planted,
      `import { writeFileSync } from 'node:fs'; writeFileSync('${marker}', 'ran');\n`,
    );
    chownSync(planted, NOBODY, NOBODY);
    const run = await check([...withRuntime(), `TMPDIR=${temp}`]);
    expect(existsSync(marker)).toBe(false);
    expect(run.code, run.output).toBe(ExitCode.ok);
  });
});
