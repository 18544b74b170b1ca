/**
 * Which bridge ports the netns build still waits for (`pendingPorts`): those whose link
 * is up (carrier included) but that the bridge has not enabled yet.
 */
import { describe, expect, it } from 'vitest';
import { pendingPorts } from '../../../../containers/backends/index.ts';

const port = (ifname: string, flags: string[], state: string) => ({ ifname, flags, state });

describe('pendingPorts', () => {
  it('waits only for disabled ports whose link is up', () => {
    const shown = JSON.stringify([
      port('nci0', ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], 'disabled'),
      port('nci3', ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], 'forwarding'),
      port('nci4', ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP'], 'disabled'),
      port('ovx0', ['BROADCAST', 'MULTICAST'], 'disabled'),
    ]);
    expect(pendingPorts(shown)).toEqual(['nci0']);
  });
  it('reads an empty listing (no bridge) as nothing to wait for', () => {
    expect(pendingPorts('[]')).toEqual([]);
    expect(pendingPorts('')).toEqual([]);
  });
  it('refuses output it does not understand', () => {
    expect(() => pendingPorts('{"ifname": 1}')).toThrow(/bridge -j link show/);
  });
});
