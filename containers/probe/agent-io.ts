/**
 * Socket helpers of the probe agent (bundled with it): errors with a code, token
 * framing on TCP streams, UDP bind/send as promises.
 */
import dgram from 'node:dgram';
import { writeFile } from 'node:fs/promises';
import type net from 'node:net';

/** A command failure with an errno-like code the controller classifies. */
export class Failure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** IPv4 form of an address Node may report as IPv4-mapped IPv6. */
export const plain = (a: string | undefined): string => (a ?? '').replace(/^::ffff:/, '');
export const ignore = (): void => undefined;

/**
 * Runs `fn` once the I/O already waiting has been read. A starved process wakes with a
 * timeout and the answer it waited for both due, and Node runs timers first: deciding
 * "timed out" in the timer itself would discard an answer that had arrived in time.
 */
export const afterPendingIo = (fn: () => void): void => void setImmediate(fn);

/** Splits a TCP stream into newline-terminated tokens. */
export function onTokens(socket: net.Socket, handle: (token: string) => void): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const token = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (token) handle(token);
    }
  });
}

export function sendUdp(
  socket: dgram.Socket,
  token: string,
  port: number,
  dst: string,
): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.send(token, port, dst, (e) =>
      e ? reject(new Failure((e as NodeJS.ErrnoException).code ?? 'EIO', e.message)) : resolve(),
    ),
  );
}

export function bindUdp(): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', (e: NodeJS.ErrnoException) => {
      socket.close();
      reject(new Failure(e.code ?? 'EIO', e.message));
    });
    socket.bind(0, () => {
      socket.removeAllListeners('error');
      socket.on('error', ignore);
      resolve(socket);
    });
  });
}

/**
 * Sends `token` to `dst:port` from a connected UDP socket and waits up to `timeoutMs`
 * for the kernel to report ECONNREFUSED: the ICMP port-unreachable came back. The
 * socket stays open until `lingerMs`: a refusal after the answer calls `late()`.
 */
export function sendExpectingRefusal(
  dst: string,
  port: number,
  token: string,
  timeoutMs: number,
  lingerMs: number,
  late: () => void,
): Promise<boolean> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve, reject) => {
    let answered = false;
    const answer = (refused: boolean, error?: Failure): void => {
      answered = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(refused);
    };
    const close = (): void => {
      clearTimeout(timer);
      clearTimeout(linger);
      socket.removeAllListeners('error');
      socket.on('error', ignore);
      socket.close();
    };
    const timer = setTimeout(() => afterPendingIo(() => answered || answer(false)), timeoutMs);
    const linger = setTimeout(close, Math.max(lingerMs, timeoutMs));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      close();
      if (answered) {
        if (e.code === 'ECONNREFUSED') late();
      } else if (e.code === 'ECONNREFUSED') answer(true);
      else answer(false, new Failure(e.code ?? 'EIO', e.message));
    });
    socket.connect(port, dst, () => socket.send(token));
  });
}

/**
 * Lifts this namespace's per-destination ICMP error rate limit (a burst of 6, then one
 * a second by default), so every datagram to a closed port here is answered. A
 * namespace-local sysctl of a namespace the run created.
 */
export async function answerEveryClosedPort(): Promise<void> {
  await writeFile('/proc/sys/net/ipv4/icmp_ratelimit', '0');
}
