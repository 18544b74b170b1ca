/** The shape of one entry of the requirement catalogue. */
import type { ProfileName } from '../schema/scenario.ts';

/** One promise of a platform, with the evidence it rests on. */
export interface Requirement<Id extends string = string> {
  /** Stable ID named by expectations, tests and reports, such as `CT-REPLY`. */
  readonly id: Id;
  /** One line, in the words a cloud user would use. */
  readonly statement: string;
  /** Document title and public address + frame/item, or a URL (several joined by "; "). */
  readonly source: string;
  /** Profiles that enforce it. */
  readonly profiles: readonly ProfileName[];
  readonly area:
    'security-groups' | 'conntrack' | 'network' | 'anti-spoofing' | 'layer-2' | 'overlay';
}
