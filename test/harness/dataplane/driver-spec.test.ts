import { describe, expect, it } from 'vitest';
import {
  formatDriverSpec,
  mutantNameOf,
  parseBackendName,
  parseDriverSpec,
  readDriverSpec,
  UsageError,
} from '../../../harness/dataplane/index.ts';
import { absoluteDriverSpec } from '../../../harness/repro/index.ts';

describe('driver spec', () => {
  it('parses every form into data and prints it back unchanged', () => {
    const cases = [
      ['reference', { kind: 'builtin', name: 'reference' }],
      ['neutron-iptables', { kind: 'builtin', name: 'neutron-iptables' }],
      ['mutant:stateless', { kind: 'mutant', name: 'stateless' }],
      ['exec:./d.sh', { kind: 'exec', path: './d.sh', serve: false }],
      ['exec-serve:/opt/d', { kind: 'exec', path: '/opt/d', serve: true }],
    ] as const;
    for (const [text, spec] of cases) {
      expect(parseDriverSpec(text)).toEqual(spec);
      expect(formatDriverSpec(parseDriverSpec(text))).toBe(text);
    }
  });

  it('rejects what names no driver with the field and the valid forms', () => {
    for (const [text, fix] of [
      ['bogus', 'exec-serve:PATH'],
      ['', 'reference'],
      ['mutant:', 'mutant:NAME'],
      ['exec:', 'exec:PATH'],
      ['exec-serve:', 'exec-serve:PATH'],
    ]) {
      expect(() => parseDriverSpec(text!)).toThrow(UsageError);
      expect(() => parseDriverSpec(text!)).toThrow(/--driver: .*/);
      expect((readDriverSpec(text!) as { error: string }).error).toContain(fix);
    }
  });

  it('takes mutant names with or without their prefix', () => {
    expect(mutantNameOf('mutant:stateless')).toBe('stateless');
    expect(mutantNameOf('stateless')).toBe('stateless');
  });

  it('makes both exec forms absolute for replay', () => {
    expect(absoluteDriverSpec('exec-serve:d.sh')).toBe(`exec-serve:${process.cwd()}/d.sh`);
    expect(absoluteDriverSpec('exec:/opt/d')).toBe('exec:/opt/d');
    expect(absoluteDriverSpec('mutant:stateless')).toBe('mutant:stateless');
  });

  it('parses backend names, naming the valid ones otherwise', () => {
    expect(parseBackendName('docker')).toBe('docker');
    expect(() => parseBackendName('vm')).toThrow(/--backend "vm"; valid backends: netns, docker/);
  });
});
