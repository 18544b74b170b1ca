/** The catalogue is consistent with the profiles and with what the model emits. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  evaluateScenario,
  parseScenario,
  profiles,
  requirementById,
  requirements,
} from '../../../spec/index.ts';

describe('requirement catalogue', () => {
  it('has unique IDs, each with a statement, a source and an area', () => {
    const ids = requirements.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of requirements) {
      expect(r.statement.length, r.id).toBeGreaterThan(10);
      // Every source is one a user can open: a public address or a document in this repo.
      expect(r.source, r.id).toMatch(/https:\/\/|docs\/[a-z-]+\.md/);
      expect(r.source, r.id).not.toMatch(/seeds\/|DESIGN\.md/);
      for (const [doc] of r.source.matchAll(/docs\/[a-z-]+\.md/g))
        expect(existsSync(new URL(`../../../${doc}`, import.meta.url)), `${r.id}: ${doc}`).toBe(
          true,
        );
    }
    expect(requirementById('CT-REPLY')?.area).toBe('conntrack');
    expect(requirementById('NOPE')).toBeUndefined();
  });
  it('lists in each profile exactly the requirements that name that profile', () => {
    for (const profile of Object.values(profiles))
      expect([...profile.requirements].sort()).toEqual(
        requirements
          .filter((r) => r.profiles.includes(profile.name))
          .map((r) => r.id)
          .sort(),
      );
    expect(profiles.safespring.requirements).toContain('SG-NONE');
    expect(profiles.safespring.requirements).not.toContain('CS-EGRESS-OPEN');
    expect(profiles.cloudstack.requirements).toContain('CS-DEFAULT-GROUP');
  });
  it('the examples only name requirements their profile enforces', () => {
    for (const name of ['safespring-walkthrough', 'cloudstack-basics']) {
      const parsed = parseScenario(
        JSON.parse(
          readFileSync(new URL(`../../../examples/${name}.json`, import.meta.url), 'utf8'),
        ),
      );
      if (!parsed.ok) throw new Error(`${name} is invalid`);
      const enforced = profiles[parsed.scenario.profile].requirements;
      for (const { expectation } of evaluateScenario(parsed.scenario).results)
        if ('requirements' in expectation)
          for (const id of expectation.requirements)
            expect(enforced, `${name}: ${id}`).toContain(id);
    }
  });
});
