/** Traffic between generated endpoints, on ports of the shared port universe. */
import fc from 'fast-check';
import type { TrafficProtocol } from '../../spec/index.ts';
import type { TrafficPick } from './abstract-step.ts';
import { endpointPickArb, trafficProtocolArb, type EndpointPick } from './picks.ts';
import { TRAFFIC_PORTS } from './port-universe.ts';

/** Overrides for templates that fix one end or the protocol. */
export interface TrafficShape {
  readonly from?: EndpointPick;
  readonly to?: EndpointPick;
  readonly protocol?: fc.Arbitrary<TrafficProtocol>;
  readonly port?: fc.Arbitrary<number>;
}

export const trafficPortArb = (): fc.Arbitrary<number> => fc.constantFrom(...TRAFFIC_PORTS);

/** A traffic pick; unspecified parts are random. */
export function trafficPickArb(shape: TrafficShape = {}): fc.Arbitrary<TrafficPick> {
  return fc.record({
    from: shape.from === undefined ? endpointPickArb() : fc.constant(shape.from),
    to: shape.to === undefined ? endpointPickArb() : fc.constant(shape.to),
    protocol: shape.protocol ?? trafficProtocolArb(),
    port: shape.port ?? trafficPortArb(),
  });
}
