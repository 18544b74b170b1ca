/**
 * One judge for written `expect`s: the same file gives the same verdict in `explain`,
 * `check` and `replay` (real CLI processes; check and replay on the netns dataplane).
 * The file has a model no-op carrying `delivered: false` (satisfied: nothing is sent,
 * so nothing arrives) and a probe whose `delivered: true` the model contradicts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { netconform } from './cli-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'netconform-judge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tcp = (port: number) => ({ from: 'web', to: 'db', protocol: 'tcp', port });
const scenario = {
  profile: 'safespring',
  topology: {
    sites: [{ name: 's1' }],
    networks: [{ name: 'pub', site: 's1', kind: 'public', cidr: '198.51.100.0/24' }],
    hosts: [{ name: 'h1', site: 's1' }],
    instances: [
      { name: 'web', network: 'pub', host: 'h1', groups: ['g'] },
      { name: 'db', network: 'pub', host: 'h1', groups: ['g'] },
    ],
    groups: [
      {
        name: 'g',
        rules: [
          { direction: 'ingress', protocol: 'tcp', ports: '22', remote: { cidr: '0.0.0.0/0' } },
          { direction: 'egress', protocol: 'any', remote: { cidr: '0.0.0.0/0' } },
        ],
      },
    ],
  },
  steps: [
    { op: 'probe', ...tcp(22), expect: { delivered: true } },
    { op: 'open', flow: 'f', ...tcp(80), expect: { delivered: false } },
    // A TCP flow that was never established: the model sends nothing (a no-op).
    { op: 'send', flow: 'f', direction: 'forward', expect: { delivered: false } },
    { op: 'probe', ...tcp(80), expect: { delivered: true } },
  ],
};

interface Judged {
  readonly exitCode: number;
  readonly writtenExpects: { checked: number; contradicted: { index: number; message: string }[] };
}

describe('written expects: one verdict in explain, check and replay', () => {
  it('all three judge the same file alike and exit 1', async () => {
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify(scenario));
    const runs = {
      explain: await netconform(['explain', file, '--json']),
      check: await netconform(['check', file, '--json']),
      replay: await netconform(['replay', file, '--json']),
    };
    const judged = Object.fromEntries(
      Object.entries(runs).map(([command, r]) => {
        const body = JSON.parse(r.stdout) as Judged;
        expect(body.exitCode, command).toBe(r.code);
        return [command, { code: r.code, writtenExpects: body.writtenExpects }];
      }),
    );
    const expected = {
      code: 1,
      writtenExpects: {
        checked: 4,
        contradicted: [
          {
            index: 3,
            message:
              'expected delivered, model: blocked (db: no ingress rule of g admits tcp/80 from 198.51.100.1)',
          },
        ],
      },
    };
    expect(judged).toEqual({ explain: expected, check: expected, replay: expected });
  });
});
