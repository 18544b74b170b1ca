/** `netconform explain`: exit codes and output, run as a user would (a child process). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../harness/process/index.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'netconform-explain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function explain(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runCommand(['node', join(root, 'bin/netconform.mjs'), 'explain', ...args], {
    timeoutMs: 30_000,
  });
  if (result.kind !== 'exited') throw new Error(`explain did not exit: ${result.kind}`);
  return result;
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const small = (expectDelivered: boolean) => ({
  profile: 'safespring',
  topology: {
    sites: [{ name: 's1' }],
    networks: [{ name: 'pub', site: 's1', kind: 'public', cidr: '198.51.100.0/24' }],
    hosts: [{ name: 'h1', site: 's1' }],
    instances: [{ name: 'a', network: 'pub', host: 'h1' }],
    externals: [{ name: 'ext' }],
  },
  steps: [
    {
      op: 'probe',
      from: 'ext',
      to: 'a',
      protocol: 'tcp',
      port: 22,
      expect: { delivered: expectDelivered },
    },
  ],
});

describe('netconform explain', () => {
  it('exits 0 on both examples and prints each step with its verdict and requirements', async () => {
    const walk = await explain(join(root, 'examples/safespring-walkthrough.json'));
    expect(walk.code).toBe(0);
    expect(walk.stdout).toMatch(
      /probe def -> one-one-one-one tcp\/443\s+delivered, seen from 192\.0\.2\.11\s+NET-NAT-OUT/,
    );
    expect(walk.stdout).toContain('-- frame 6:');
    expect(walk.stdout).toContain('0 contradicted');
    const cs = await explain(join(root, 'examples/cloudstack-basics.json'));
    expect(cs.code).toBe(0);
    expect(cs.stdout).toMatch(/attachGroup app to web\s+no-op/);
  });

  it('exits 1 and flags the step whose expect the model contradicts', async () => {
    const r = await explain(file('wrong.json', small(true)));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1 {2}probe ext -> a tcp\/22\s+blocked\s+SG-NONE/);
    expect(r.stdout).toContain('CONTRADICTED: expected delivered, model: blocked');
    expect(r.stdout).toContain('1 contradicted');
  });

  it('--json prints a machine-readable result with the same verdicts', async () => {
    const r = await explain(file('right.json', small(false)), '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as {
      ok: boolean;
      summary: { contradicted: number; checked: number };
      steps: {
        number: number;
        line: string;
        expectation: { kind: string; delivered: boolean; requirements: string[] };
        verdict: { kind: string };
      }[];
    };
    expect(body.ok).toBe(true);
    expect(body.summary).toEqual({ steps: 1, checked: 1, contradicted: 0 });
    expect(body.steps[0]).toMatchObject({
      number: 1,
      line: 'probe ext -> a tcp/22',
      expectation: { kind: 'traffic', delivered: false, requirements: ['SG-NONE'] },
      verdict: { kind: 'agree' },
    });
  });

  it('exits 2 with every issue, its path and its hint, for an invalid scenario', async () => {
    const bad = small(false);
    bad.topology.instances = [{ name: 'a', network: 'lan', host: 'h9' }];
    const r = await explain(file('invalid.json', bad));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'topology.instances[0].network: unknown network "lan" (hint: declare it in topology.networks',
    );
    expect(r.stderr).toContain('topology.instances[0].host: unknown host "h9"');
    const json = await explain(file('invalid.json', bad), '--json');
    expect(json.code).toBe(2);
    expect(
      (JSON.parse(json.stdout) as { issues: { path: string }[] }).issues.map((i) => i.path),
    ).toEqual(['topology.instances[0].network', 'topology.instances[0].host']);
  });

  it('exits 2 with a clear message for a missing file or invalid JSON', async () => {
    const missing = await explain(join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json: no such file');
    const garbage = await explain(file('garbage.json', '{ "profile": '));
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toContain('is not valid JSON');
  });
});
