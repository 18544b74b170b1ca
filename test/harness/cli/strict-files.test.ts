/**
 * Files users load are strict: a step naming something the file never has exits 2 in
 * `check`, `explain` and `replay`, with the JSON path and a "did you mean" hint, before
 * anything is built.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { netconform } from './cli-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'netconform-strict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const typo = {
  profile: 'safespring',
  topology: {
    sites: [{ name: 's1' }],
    networks: [{ name: 'pub', site: 's1', kind: 'public', cidr: '198.51.100.0/24' }],
    hosts: [{ name: 'h1', site: 's1' }],
    instances: [
      { name: 'web', network: 'pub', host: 'h1' },
      { name: 'db', network: 'pub', host: 'h1' },
    ],
  },
  steps: [{ op: 'probe', from: 'wbe', to: 'db', protocol: 'tcp', port: 22 }],
};

describe('hand-written files are strict', () => {
  it.each(['check', 'explain', 'replay'])(
    '%s exits 2 on a mistyped instance, naming the path and the likely name',
    async (command) => {
      const file = join(dir, `${command}.json`);
      writeFileSync(file, JSON.stringify(typo));
      const r = await netconform([command, file], 60_000);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        'steps[0].from: unknown instance or external "wbe" (hint: did you mean "web"?',
      );
      expect(r.stdout).toBe('');
    },
  );
});
