/**
 * The root ruleset as compared around external-driver calls: Docker's chains leave no
 * anonymous lines behind, and every other line names its table and chain.
 */
import { describe, expect, it } from 'vitest';
import { describeRootChanges, rulesetWithoutDocker } from '../../../containers/lifecycle/index.ts';

const ruleset = (forward: string[], isolation: string[]): string =>
  [
    'table ip filter {',
    '\tchain DOCKER-ISOLATION-STAGE-1 {',
    ...isolation.map((l) => `\t\t${l}`),
    '\t\tcounter return',
    '\t}',
    '',
    '\tchain FORWARD {',
    '\t\ttype filter hook forward priority filter; policy drop;',
    '\t\tcounter jump DOCKER-USER',
    ...forward.map((l) => `\t\t${l}`),
    '\t}',
    '',
    '\tchain DOCKER-USER {',
    '\t\tcounter return',
    '\t}',
    '}',
    '',
  ].join('\n');

describe('root ruleset without Docker', () => {
  it('drops Docker chains with their bodies and qualifies the other lines', () => {
    expect(rulesetWithoutDocker(ruleset(['counter accept'], []))).toBe(
      [
        'table ip filter',
        'table ip filter/chain FORWARD',
        'table ip filter/chain FORWARD: type filter hook forward priority filter; policy drop;',
        'table ip filter/chain FORWARD: counter accept',
      ].join('\n'),
    );
  });

  it('Docker adding a network changes nothing; a rule added to FORWARD is named', () => {
    const before = { ruleset: rulesetWithoutDocker(ruleset([], [])) };
    const docker = ['oifname "br-5ae77b629206" counter drop', 'counter return'];
    expect(
      describeRootChanges(before, { ruleset: rulesetWithoutDocker(ruleset([], docker)) }),
    ).toEqual([]);
    const added = { ruleset: rulesetWithoutDocker(ruleset(['ip daddr 10.0.0.0/8 drop'], [])) };
    expect(describeRootChanges(before, added)).toEqual([
      'ruleset: +table ip filter/chain FORWARD: ip daddr 10.0.0.0/8 drop',
    ]);
  });
});
