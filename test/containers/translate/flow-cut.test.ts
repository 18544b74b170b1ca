/**
 * CT-FLUSH-ON-REMOVE in the nft drivers: the conntrack entries of flows the current
 * rules no longer admit as new are deleted, the others (and the host's own traffic) stay.
 */
import { describe, expect, it } from 'vitest';
import {
  cutCommands,
  parseConntrackList,
  referenceRenderOptions,
  rendererParamsFor,
} from '../../../containers/translate/index.ts';
import { fixtureState } from './driver-state-fixture.ts';

const state = fixtureState({ profile: 'neutron' });
const neutron = referenceRenderOptions(rendererParamsFor('neutron'));

// web (198.51.100.10) -> app (100.64.0.10) tcp 8080 is admitted (app admits tcp
// 8000-8080 from group web); app -> web tcp 443 is not (app's egress is udp 53 only).
const LIST = [
  'tcp      6 431999 ESTABLISHED src=198.51.100.10 dst=100.64.0.10 sport=40000 dport=8080 src=100.64.0.10 dst=198.51.100.10 sport=8080 dport=40000 [ASSURED] mark=0 zone=1 use=1',
  'tcp      6 431999 ESTABLISHED src=100.64.0.10 dst=198.51.100.10 sport=40001 dport=443 src=198.51.100.10 dst=100.64.0.10 sport=443 dport=40001 [ASSURED] mark=0 zone=1 use=1',
  'udp      17 29 src=192.0.2.10 dst=169.254.2.1 sport=57307 dport=4789 [UNREPLIED] src=169.254.2.1 dst=192.0.2.10 sport=4789 dport=57307 mark=0 use=1',
  'icmp     1 29 src=100.64.0.10 dst=198.51.100.10 type=8 code=0 id=7 src=198.51.100.10 dst=100.64.0.10 type=0 code=0 id=7 mark=0 use=1',
  'unknown  2 599 src=0.0.0.0 dst=224.0.0.22 [UNREPLIED] src=224.0.0.22 dst=0.0.0.0 mark=0 use=1',
].join('\n');

describe('flows cut after an apply (CT-FLUSH-ON-REMOVE)', () => {
  it('parses tcp, udp and icmp entries by their original direction', () => {
    expect(parseConntrackList(LIST)).toEqual([
      { protocol: 'tcp', src: '198.51.100.10', dst: '100.64.0.10', dport: 8080, zone: 1 },
      { protocol: 'tcp', src: '100.64.0.10', dst: '198.51.100.10', dport: 443, zone: 1 },
      { protocol: 'udp', src: '192.0.2.10', dst: '169.254.2.1', dport: 4789, zone: null },
      { protocol: 'icmp', src: '100.64.0.10', dst: '198.51.100.10', dport: null, zone: null },
    ]);
  });

  it('deletes only the entries of flows the rules no longer admit, in their zone', () => {
    expect(cutCommands(state, parseConntrackList(LIST), neutron)).toEqual([
      'conntrack -D -p tcp -s 100.64.0.10 -d 198.51.100.10 --dport 443 -w 1'.split(' '),
      'conntrack -D -p icmp -s 100.64.0.10 -d 198.51.100.10'.split(' '),
    ]);
  });

  it('cuts an admitted flow once its rule is gone', () => {
    const without = {
      ...state,
      groups: state.groups.map((g) => (g.name === 'app' ? { ...g, rules: [] } : g)),
    };
    const cut = cutCommands(without, parseConntrackList(LIST), neutron);
    expect(cut[0]).toEqual(
      'conntrack -D -p tcp -s 198.51.100.10 -d 100.64.0.10 --dport 8080 -w 1'.split(' '),
    );
  });

  it('profiles that keep established flows cut nothing', () => {
    expect(referenceRenderOptions(rendererParamsFor('safespring')).cutUnadmitted).toBe(false);
    expect(neutron.cutUnadmitted).toBe(true);
  });
});
