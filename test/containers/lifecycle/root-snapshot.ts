/** Read-only picture of the root network namespace, to prove a run leaves it unchanged. */
export { rootSnapshot } from '../../../containers/lifecycle/index.ts';
