/** Platform profiles as parameter records. */
import type { ProfileName } from '../schema/scenario.ts';
import type { Profile } from './profile.ts';
import { cloudstack } from './cloudstack.ts';
import { danube } from './danube.ts';
import { neutron } from './neutron.ts';
import { safespring } from './safespring.ts';

export * from './profile.ts';
export * from './default-group.ts';

/** Every profile by name. */
export const profiles: Readonly<Record<ProfileName, Profile>> = {
  safespring,
  cloudstack,
  neutron,
  danube,
};
export * from './neutron-split-pools.ts';
