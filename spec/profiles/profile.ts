/**
 * A profile is the expected semantics of one platform as a parameter record. The
 * model and the reference drivers read these parameters; a new platform is a new
 * record plus, at most, a few small rules.
 */
import type { NetworkKind, ProfileName } from '../schema/scenario.ts';
import type { RequirementId } from '../requirements/index.ts';

export interface Profile {
  readonly name: ProfileName;
  readonly title: string;
  /** Network kinds this platform offers; others are rejected at validation. */
  readonly networkKinds: readonly NetworkKind[];
  /**
   * An instance in no group: `isolated` (talks to nobody, safespring SG-NONE) or
   * `account-default` (placed in its account's `default@<account>` group, cloudstack).
   */
  readonly noGroup: 'isolated' | 'account-default';
  /** Egress of an instance none of whose groups has an egress rule. */
  readonly egressWithoutEgressRules: 'deny' | 'allow';
  /** Established flows when the rule or group that admitted them goes away. */
  readonly onRuleRemoval: 'keep' | 'flush';
  /** Whether groups can be attached/detached after the instance exists. */
  readonly groupChangesAfterCreate: boolean;
  /** Requirement IDs this profile enforces. */
  readonly requirements: readonly RequirementId[];
}
