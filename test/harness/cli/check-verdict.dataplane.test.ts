/**
 * `check` prints the verdict its exit code stands for: a contradicted written `expect`
 * is not "agree", and a file whose traffic compared nothing is not a pass (exit 3).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { netconform } from './cli-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'netconform-verdict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const topology = {
  sites: [{ name: 's1' }],
  networks: [{ name: 'pub', site: 's1', kind: 'public', cidr: '198.51.100.0/24' }],
  hosts: [{ name: 'h1', site: 's1' }],
  instances: [
    { name: 'web', network: 'pub', host: 'h1', groups: ['g'] },
    { name: 'db', network: 'pub', host: 'h1' },
  ],
  groups: [{ name: 'g' }],
};

function file(name: string, steps: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ profile: 'safespring', topology, steps }));
  return path;
}

/** The last line, `verdict: <text> (exit N)`. */
function verdictLine(stdout: string): string {
  return stdout.trimEnd().split('\n').at(-1)!;
}

describe('check: the printed verdict matches the exit code', () => {
  it('a written expect the model contradicts: exit 1 and a verdict that says so', async () => {
    const r = await netconform([
      'check',
      file('contradicted.json', [
        { op: 'probe', from: 'web', to: 'db', protocol: 'icmp', expect: { delivered: true } },
      ]),
    ]);
    expect(r.code).toBe(1);
    expect(verdictLine(r.stdout)).toBe(
      'verdict: a written expect is contradicted by the model (exit 1)',
    );
    expect(r.stdout).toContain('step 1: expected delivered, model: blocked');
  });

  it('a file with no traffic step compared nothing: exit 3, not a pass', async () => {
    const rule = { direction: 'ingress', protocol: 'icmp', remote: { cidr: '0.0.0.0/0' } };
    const r = await netconform([
      'check',
      file('config-only.json', [{ op: 'addRule', group: 'g', rule }]),
      '--json',
    ]);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({
      verdict: 'nothing-compared',
      dataplaneVerdict: 'agree',
      exitCode: 3,
    });
    const text = await netconform(['check', join(dir, 'config-only.json')]);
    expect(verdictLine(text.stdout)).toBe(
      'verdict: inconclusive: nothing compared (no traffic step reached the dataplane) (exit 3)',
    );
    // replay neither calls it "does not reproduce" (exit 0).
    const replay = await netconform(['replay', join(dir, 'config-only.json')]);
    expect(replay.code).toBe(3);
    expect(verdictLine(replay.stdout)).toBe(
      'exit 3: inconclusive, nothing compared (no traffic step reached the dataplane)',
    );
  });
});
