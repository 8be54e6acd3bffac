// A real HTTP forward proxy on 127.0.0.1, as tiny as one can be: it relays absolute-URI requests
// (how clients send plain-http traffic through a proxy) and CONNECT tunnels, and records each one.
import { createServer, request as httpRequest } from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import type { TestContext } from 'node:test';

export interface ProxiedRequest {
  method: string;
  /** The absolute URI (or host:port for CONNECT) the client asked the proxy for. */
  target: string;
  /** The Proxy-Authorization header, when the client sent one. */
  proxyAuthorization?: string | undefined;
}

export interface ForwardProxy {
  url: string;
  port: number;
  seen: ProxiedRequest[];
  close(): Promise<void>;
}

export async function withForwardProxy(t: Pick<TestContext, 'after'>): Promise<ForwardProxy> {
  const seen: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const target = req.url ?? '';
    seen.push({ method: req.method ?? 'GET', target, proxyAuthorization: req.headers['proxy-authorization'] });
    if (!/^http:\/\//.test(target)) {
      res.writeHead(400).end('a forward proxy needs an absolute URI');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket) => {
    seen.push({ method: 'CONNECT', target: req.url ?? '', proxyAuthorization: req.headers['proxy-authorization'] });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = netConnect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  t.after(close);
  return { url: `http://127.0.0.1:${port}`, port, seen, close };
}
