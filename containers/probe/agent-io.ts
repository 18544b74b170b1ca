/**
 * Socket helpers of the probe agent (bundled with it): errors with a code, token
 * framing on TCP streams, UDP bind/send as promises.
 */
import dgram from 'node:dgram';
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
