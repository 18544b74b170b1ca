/**
 * JSON-lines protocol between the controller and a probe agent. One line per message:
 * the controller writes `AgentCommand`s on the agent's stdin, the agent writes
 * `AgentReply`s (answers, matched by `id`) and `AgentEvent`s on its stdout.
 *
 * Tokens are `<flowKey>.<seq>`: a receiver learns which flow a connection or datagram
 * belongs to from the first token it sees on it.
 */

export type L4 = 'tcp' | 'udp';
/**
 * What a receiver can listen for: a port, (`icmp`, port 0) echo requests, or
 * (`frames`) Ethernet frames carrying a token, port 1 meaning in promiscuous mode.
 */
export type Listened = L4 | 'icmp' | 'frames';

export type AgentCommand =
  /**
   * Bind a listener on 0.0.0.0:port, or for `icmp` start watching echo requests
   * (idempotent).
   */
  | { readonly id: number; readonly op: 'listen'; readonly proto: Listened; readonly port: number }
  /** Open a client flow: TCP connect then write `token`, or a UDP socket that sends it. */
  | {
      readonly id: number;
      readonly op: 'open';
      readonly proto: L4;
      readonly key: string;
      readonly dst: string;
      readonly port: number;
      readonly token: string;
      /** TCP only: answer `error: 'ETIMEDOUT'` when not connected after this long... */
      readonly timeoutMs: number;
      /**
       * ...but keep connecting until this long: a late connection writes the token
       * (reported by the receiver) and becomes the flow's socket unless it was closed.
       */
      readonly lingerMs: number;
    }
  /** Client side: send `token` again on the flow's socket. */
  | { readonly id: number; readonly op: 'send'; readonly key: string; readonly token: string }
  /** Server side: send `token` back to the flow's client (accepted socket / last peer). */
  | {
      readonly id: number;
      readonly op: 'reply';
      readonly proto: L4;
      readonly key: string;
      readonly port: number;
      readonly token: string;
      /** UDP: where to send when no datagram of the flow arrived yet. */
      readonly fallback: { readonly address: string; readonly port: number } | null;
    }
  /** One ICMP echo with `identifier`, via `ping`. */
  | {
      readonly id: number;
      readonly op: 'ping';
      readonly dst: string;
      readonly identifier: number;
      /** Answer `delivered: false` when no reply came within this... */
      readonly timeoutMs: number;
      /** ...but wait for it until this long; a late reply is the event `late` `echo-ID`. */
      readonly lingerMs: number;
    }
  /** A UDP datagram whose source address is `src` (see `agent-spoof.ts`). */
  | {
      readonly id: number;
      readonly op: 'spoof';
      readonly src: string;
      readonly dst: string;
      readonly port: number;
      readonly token: string;
    }
  /**
   * Receiver side of a closed-port probe: stop listening on udp `port` and answer every
   * datagram to a closed port with an ICMP port-unreachable (no rate limit).
   */
  | { readonly id: number; readonly op: 'close-port'; readonly port: number }
  /**
   * Send `token` to `dst:port` from a connected UDP socket; `delivered` tells whether
   * the ICMP port-unreachable came back (ECONNREFUSED) within `timeoutMs`.
   */
  | {
      readonly id: number;
      readonly op: 'unreachable';
      readonly dst: string;
      readonly port: number;
      readonly token: string;
      readonly timeoutMs: number;
      /** Keep the socket until this long; a late error is the event `late` `token`. */
      readonly lingerMs: number;
    }
  /** Put one raw Ethernet frame (hex) on `eth0` (see `agent-l2.ts`). */
  | { readonly id: number; readonly op: 'frame'; readonly hex: string }
  /** Close the client side and forget the server side of a flow. */
  | { readonly id: number; readonly op: 'close'; readonly key: string }
  /** Close every flow (listeners stay). */
  | { readonly id: number; readonly op: 'close-all' };

/** Answer to one command. */
export type AgentReply =
  | {
      readonly id: number;
      readonly ok: true;
      /** `open`: the client socket's local address and port. */
      readonly local?: { readonly address: string; readonly port: number };
      /** `ping`: whether the echo reply came back; `unreachable`: whether the error did. */
      readonly delivered?: boolean;
      /** `listen` for `frames`: the MAC of the namespace's `eth0`. */
      readonly mac?: string;
    }
  | { readonly id: number; readonly ok: false; readonly error: string; readonly message: string };

/** Something the agent saw without being asked. */
export type AgentEvent =
  | { readonly event: 'ready'; readonly pid: number }
  /**
   * A token arrived; `from` is the peer address the receiving socket saw. An echo
   * request is reported as the token `echoToken(identifier)`.
   */
  | {
      readonly event: 'recv';
      readonly proto: Listened;
      readonly token: string;
      readonly from: string;
      readonly fromPort: number;
    }
  /**
   * The sender saw success after it answered "not delivered": a late echo reply
   * (`echo-ID`) or a late port-unreachable (the token). A late TCP connect shows as the
   * receiver's `recv` of its token.
   */
  | { readonly event: 'late'; readonly token: string }
  | { readonly event: 'error'; readonly message: string };

export type AgentMessage = AgentReply | AgentEvent;

/**
 * What a hub (`agent.py --hub`, see `agent-hub.ts`) adds: every command names the
 * endpoint it is for (`ep`), `attach` opens an endpoint's network namespace (the path of
 * its namespace file, such as `/run/netns/NAME`) and `detach` closes every socket of an
 * endpoint; events other than `ready` carry the `ep` they happened in.
 */
export type HubCommand =
  | { readonly id: number; readonly op: 'attach'; readonly ep: string; readonly netns: string }
  | { readonly id: number; readonly op: 'detach'; readonly ep: string }
  | (AgentCommand & { readonly ep: string });

/** The token under which a receiver reports an echo request with `identifier`. */
export const echoToken = (identifier: number): string => `echo-${identifier}`;

/** Flow key of a token (`k12.3` -> `k12`), or null when it is not a token. */
export function flowKeyOf(token: string): string | null {
  const m = /^([A-Za-z0-9_-]+)\.\d+$/.exec(token);
  return m ? (m[1] as string) : null;
}
