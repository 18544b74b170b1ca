/** Names of the implicit per-account groups of `account-default` profiles. */

/** Account of an instance or group that names none. */
export const DEFAULT_ACCOUNT = 'default';

/** The implicit default group of `account`: `default@<account>`. */
export function defaultGroupName(account: string): string {
  return `default@${account}`;
}

/** The account of a `default@<account>` group name, or undefined for other names. */
export function defaultGroupAccount(group: string): string | undefined {
  return group.startsWith('default@') && group.length > 'default@'.length
    ? group.slice('default@'.length)
    : undefined;
}
