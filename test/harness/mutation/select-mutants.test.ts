import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../harness/dataplane/exit-codes.ts';
import { selectOnly, shardMutants } from '../../../harness/mutation/index.ts';

const catalogue = [
  'stateless',
  'egress-return',
  'no-masquerade',
  'icmp-always',
  'private-leak',
].map((name) => ({ name }));

function usageError(raw: string): UsageError {
  try {
    selectOnly(catalogue, raw);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('selectOnly', () => {
  it('keeps every mutant without --only, and catalogue order with it', () => {
    expect(selectOnly(catalogue, undefined)).toEqual(catalogue);
    expect(selectOnly(catalogue, 'icmp-always, mutant:stateless').map((m) => m.name)).toEqual([
      'stateless',
      'icmp-always',
    ]);
  });

  it('rejects unknown names with exit 2, naming them and listing the valid ones', () => {
    const error = usageError('stateless,nope,bogus');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('--only');
    expect(error.message).toContain('nope, bogus');
    expect(error.message).toContain(
      'valid names: stateless, egress-return, no-masquerade, icmp-always, private-leak',
    );
  });

  it('rejects empty names', () => {
    expect(usageError('stateless,,icmp-always').message).toMatch(/--only must list mutant names/);
  });
});

describe('shardMutants', () => {
  it('splits by mutant index; the shards together are the whole list, once each', () => {
    const shards = [1, 2, 3].map((index) =>
      shardMutants(catalogue, { index, count: 3 }).map((m) => m.name),
    );
    expect(shards[0]).toEqual(['stateless', 'icmp-always']);
    expect(shards[1]).toEqual(['egress-return', 'private-leak']);
    expect(shards[2]).toEqual(['no-masquerade']);
    expect(shards.flat().sort()).toEqual(catalogue.map((m) => m.name).sort());
  });
});
