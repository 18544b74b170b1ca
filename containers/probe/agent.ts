/**
 * The probe agent: one long-lived process per instance/external namespace, started as
 * `ip netns exec NS node agent.js` (bundled by `bundle-agent.ts`). It speaks the JSON
 * lines of `protocol.ts` on stdio, keeps flows open under their key, and reports every
 * token it receives with the peer address its socket saw. It exits when stdin closes,
 * so agents never outlive their controller.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { createInterface } from 'node:readline';
import {
  afterPendingIo,
  answerEveryClosedPort,
  bindUdp,
  Failure,
  ignore,
  onTokens,
  plain,
  sendExpectingRefusal,
  sendUdp,
} from './agent-io.ts';
import { ping, watchEchoRequests } from './agent-ping.ts';
import { spoofSource } from './agent-spoof.ts';
import { sendFrame, watchFrames } from './agent-l2.ts';
import {
  echoToken,
  flowKeyOf,
  type AgentCommand,
  type AgentMessage,
  type Listened,
} from './protocol.ts';

type Client =
  | { readonly proto: 'tcp'; readonly socket: net.Socket }
  | {
      readonly proto: 'udp';
      readonly socket: dgram.Socket;
      readonly dst: string;
      readonly port: number;
    };
type Answer = Omit<Extract<AgentMessage, { ok: true }>, 'id'>;

const emit = (m: AgentMessage): boolean => process.stdout.write(JSON.stringify(m) + '\n');
const recv = (
  proto: Listened,
  token: string,
  from: string | undefined,
  fromPort: number | undefined,
) => emit({ event: 'recv', proto, token, from: plain(from), fromPort: fromPort ?? 0 });

const tcpListeners = new Map<number, Promise<void>>();
const udpListeners = new Map<number, dgram.Socket>();
const udpBinding = new Map<number, Promise<void>>();
const clients = new Map<string, Client>();
const accepted = new Map<string, net.Socket>();
const allAccepted = new Set<net.Socket>();
const udpPeers = new Map<string, { address: string; port: number; via: dgram.Socket }>();
/** TCP connects that were answered "timed out" but may still complete (see `openTcp`). */
const lingering = new Map<string, net.Socket>();
/** Flows closed while their connect lingered: a late connection only delivers its token. */
const closedWhileLingering = new Set<string>();

function listenTcp(port: number): Promise<void> {
  const server = net.createServer((socket) => {
    allAccepted.add(socket);
    socket.setNoDelay(true);
    socket.on('error', ignore);
    socket.on('close', () => allAccepted.delete(socket));
    onTokens(socket, (token) => {
      const key = flowKeyOf(token);
      if (key) accepted.set(key, socket);
      recv('tcp', token, socket.remoteAddress, socket.remotePort);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Failure(e.code ?? 'EIO', e.message)),
    );
    server.listen({ port, host: '0.0.0.0' }, resolve);
  });
}

function listenUdp(port: number): Promise<void> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    const token = msg.toString('utf8');
    const key = flowKeyOf(token);
    if (key) udpPeers.set(key, { address: rinfo.address, port: rinfo.port, via: socket });
    recv('udp', token, rinfo.address, rinfo.port);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Failure(e.code ?? 'EIO', e.message)),
    );
    socket.bind(port, '0.0.0.0', () => {
      udpListeners.set(port, socket);
      resolve();
    });
  });
}

// Without its frame helper this agent would report frames as never seen: die, so the
// controller starts a fresh one.
const helperDied = (why: string): void => {
  emit({ event: 'error', message: why });
  process.exit(70);
};
const frameSeen = (token: string, src: string) => recv('frames', token, src, 0);

function listen(proto: Exclude<Listened, 'frames'>, port: number): Promise<void> {
  if (proto === 'icmp')
    return watchEchoRequests(
      (source, identifier) => recv('icmp', echoToken(identifier), source, 0),
      (why) => {
        // Without its watcher this agent would report echoes as never seen: die, so
        // the controller starts a fresh one.
        emit({ event: 'error', message: why });
        process.exit(70);
      },
    );
  const cache = proto === 'tcp' ? tcpListeners : udpBinding;
  let pending = cache.get(port);
  if (!pending) {
    pending = proto === 'tcp' ? listenTcp(port) : listenUdp(port);
    cache.set(port, pending);
    pending.catch(() => cache.delete(port));
  }
  return pending;
}

/**
 * TCP connect then write `token`. Answers ETIMEDOUT after `timeoutMs` but keeps
 * connecting until `lingerMs`: a late connection still writes its token (the receiver
 * reports it, so a packet called blocked is never lost from sight) and becomes the
 * flow's socket, or ends at once when the flow was closed meanwhile.
 */
function openTcp(
  key: string,
  dst: string,
  port: number,
  token: string,
  timeoutMs: number,
  lingerMs: number,
) {
  return new Promise<Answer>((resolve, reject) => {
    const socket = net.connect({ host: dst, port });
    socket.setNoDelay(true);
    let answered = false;
    const stopLingering = (): void => {
      clearTimeout(linger);
      if (lingering.get(key) === socket) lingering.delete(key);
      closedWhileLingering.delete(key);
    };
    const timeOut = (): void => {
      if (answered) return;
      answered = true;
      lingering.set(key, socket);
      reject(new Failure('ETIMEDOUT', `no connection to ${dst}:${port} within ${timeoutMs} ms`));
    };
    const timer = setTimeout(
      () => afterPendingIo(() => (socket.connecting || socket.destroyed) && timeOut()),
      timeoutMs,
    );
    // Never gives up before the answer was given (both may be due at once).
    const linger = setTimeout(
      () =>
        afterPendingIo(() => {
          if (!socket.connecting && !socket.destroyed) return;
          timeOut();
          stopLingering();
          socket.destroy();
        }),
      Math.max(lingerMs, timeoutMs),
    );
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      stopLingering();
      if (!answered) reject(new Failure(e.code ?? 'EIO', e.message));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      const closed = closedWhileLingering.has(key);
      stopLingering();
      socket.on('error', ignore);
      if (answered && closed) {
        socket.end(token + '\n');
        return;
      }
      onTokens(socket, (t) => recv('tcp', t, socket.remoteAddress, socket.remotePort));
      clients.set(key, { proto: 'tcp', socket });
      socket.write(token + '\n');
      if (!answered)
        resolve({
          ok: true,
          local: { address: plain(socket.localAddress), port: socket.localPort ?? 0 },
        });
    });
  });
}

async function openUdp(key: string, dst: string, port: number, token: string): Promise<Answer> {
  const socket = await bindUdp();
  socket.on('message', (msg, rinfo) =>
    recv('udp', msg.toString('utf8'), rinfo.address, rinfo.port),
  );
  clients.set(key, { proto: 'udp', socket, dst, port });
  await sendUdp(socket, token, port, dst);
  return { ok: true, local: { address: '0.0.0.0', port: socket.address().port } };
}

function closeFlow(key: string): void {
  if (lingering.has(key)) closedWhileLingering.add(key);
  const client = clients.get(key);
  if (client?.proto === 'tcp') client.socket.destroy();
  if (client?.proto === 'udp') client.socket.close();
  clients.delete(key);
  accepted.get(key)?.destroy();
  accepted.delete(key);
  udpPeers.delete(key);
}

async function run(c: AgentCommand): Promise<Answer> {
  switch (c.op) {
    case 'listen':
      if (c.proto === 'frames')
        return { ok: true, mac: await watchFrames(c.port === 1, frameSeen, helperDied) };
      await listen(c.proto, c.port);
      return { ok: true };
    case 'frame':
      await sendFrame(c.hex, frameSeen, helperDied);
      return { ok: true };
    case 'open':
      closeFlow(c.key);
      return c.proto === 'tcp'
        ? openTcp(c.key, c.dst, c.port, c.token, c.timeoutMs, c.lingerMs)
        : openUdp(c.key, c.dst, c.port, c.token);
    case 'send': {
      const client = clients.get(c.key);
      if (!client) throw new Failure('ENOFLOW', `no client flow ${c.key} here`);
      if (client.proto === 'tcp') client.socket.write(c.token + '\n');
      else await sendUdp(client.socket, c.token, client.port, client.dst);
      return { ok: true };
    }
    case 'reply': {
      if (c.proto === 'tcp') {
        const socket = accepted.get(c.key);
        if (!socket) throw new Failure('ENOFLOW', `no accepted connection of flow ${c.key}`);
        socket.write(c.token + '\n');
        return { ok: true };
      }
      const listener = udpListeners.get(c.port);
      const peer =
        udpPeers.get(c.key) ??
        (c.fallback && listener ? { ...c.fallback, via: listener } : undefined);
      if (!peer)
        throw new Failure('ENOFLOW', `no datagram of flow ${c.key} and no listener on ${c.port}`);
      await sendUdp(peer.via, c.token, peer.port, peer.address);
      return { ok: true };
    }
    case 'ping':
      return ping(c.dst, c.identifier, c.timeoutMs, c.lingerMs, () =>
        emit({ event: 'late', token: echoToken(c.identifier) }),
      );
    case 'close-port':
      udpListeners.get(c.port)?.close();
      udpListeners.delete(c.port);
      udpBinding.delete(c.port);
      await answerEveryClosedPort();
      return { ok: true };
    case 'unreachable':
      return {
        ok: true,
        delivered: await sendExpectingRefusal(c.dst, c.port, c.token, c.timeoutMs, c.lingerMs, () =>
          emit({ event: 'late', token: c.token }),
        ),
      };
    case 'spoof': {
      const socket = await bindUdp();
      const rule = await spoofSource(socket.address().port, c.src);
      if (rule.kind === 'failed') {
        socket.close();
        throw new Failure('ESPOOF', rule.message);
      }
      try {
        await sendUdp(socket, c.token, c.port, c.dst);
      } finally {
        // Answer now (the controller's wait starts at the answer); the socket keeps its
        // port until the rule is gone, so no other socket is spoofed meanwhile.
        void rule.release().finally(() => socket.close());
      }
      return { ok: true };
    }
    case 'close':
      closeFlow(c.key);
      return { ok: true };
    case 'close-all':
      for (const key of new Set([...clients.keys(), ...accepted.keys(), ...udpPeers.keys()]))
        closeFlow(key);
      for (const socket of allAccepted) socket.destroy();
      for (const socket of lingering.values()) socket.destroy();
      lingering.clear();
      closedWhileLingering.clear();
      return { ok: true };
  }
}

function handle(line: string): void {
  let command: AgentCommand;
  try {
    command = JSON.parse(line) as AgentCommand;
  } catch {
    emit({ event: 'error', message: `not JSON: ${line.slice(0, 80)}` });
    return;
  }
  run(command).then(
    (answer) => emit({ ...answer, id: command.id }),
    (e: unknown) =>
      emit({
        id: command.id,
        ok: false,
        error: e instanceof Failure ? e.code : 'EAGENT',
        message: e instanceof Error ? e.message : String(e),
      }),
  );
}

process.on('uncaughtException', (e) => emit({ event: 'error', message: e.stack ?? String(e) }));
createInterface({ input: process.stdin })
  .on('line', handle)
  .on('close', () => process.exit(0));
emit({ event: 'ready', pid: process.pid });
