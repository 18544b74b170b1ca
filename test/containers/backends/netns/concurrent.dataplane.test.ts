/**
 * Two dataplanes of the same topology (same addresses) built at the same time are
 * independent: both work, and a rule in one does not affect the other.
 */
import { describe, expect, it } from 'vitest';
import { netnsBackend } from '../../../../containers/backends/index.ts';
import { runOrThrow } from '../../../../harness/process/index.ts';
import { twoSiteTopology } from '../../../../fixtures/topologies.ts';
import { settledProbe } from '../../../support/settled-probe.ts';

describe('concurrent dataplanes', () => {
  it('two dataplanes built at once both work and stay separate', async () => {
    const options = { probeTimeoutMs: 250 };
    const [a, b] = await Promise.all([
      netnsBackend.create(twoSiteTopology(), options),
      netnsBackend.create(twoSiteTopology(), options),
    ]);
    try {
      expect(a.layout.runId).not.toBe(b.layout.runId);
      const h2 = a.layout.hosts.find((h) => h.name === 'h2');
      const veth = a.layout.ports.find((p) => p.instance === 'pub2')?.hostInterface;
      const drop = `table ip t {\n chain c { type filter hook forward priority 0; oifname "${veth}" drop; }\n}\n`;
      await runOrThrow([...(h2?.enter ?? []), 'nft', '-f', '-'], { input: drop });

      const probe = { kind: 'probe', from: 'pub1', to: 'pub2', protocol: 'udp', port: 53 } as const;
      const [inA, inB] = await Promise.all([settledProbe(a, probe), settledProbe(b, probe)]);
      expect(inA).toMatchObject({ kind: 'observed', delivered: false });
      expect(inB).toMatchObject({ kind: 'observed', delivered: true, seenFrom: '198.51.100.10' });
      const external = {
        kind: 'probe',
        from: 'ext',
        to: 'pub1',
        protocol: 'tcp',
        port: 22,
      } as const;
      for (const seen of await Promise.all([
        settledProbe(a, external),
        settledProbe(b, external),
      ])) {
        expect(seen).toMatchObject({ kind: 'observed', delivered: true, seenFrom: '203.0.113.5' });
      }
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });
});
