// Servers on 127.0.0.1 that are not a working gateway, each failing one way a real network does.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type BadKind =
  /** A web page: 200 text/html for everything (a base URL pointing at a website). */
  | 'web-page'
  /** Reads the request, then closes the socket without a word. */
  | 'hang-up'
  /** Promises a JSON body of 1000 bytes, sends 20, then closes. */
  | 'truncated'
  /** Accepts the request and never answers. */
  | 'silent';

export interface BadServer {
  url: string;
  /** Requests that arrived. */
  hits: number;
}

export async function withBadServer(t: { after(close: () => Promise<void>): unknown }, kind: BadKind): Promise<BadServer> {
  const sockets = new Set<Socket>();
  const state: BadServer = { url: '', hits: 0 };
  const server = createServer((req, res) => {
    state.hits++;
    req.resume();
    req.on('end', () => answer(kind, res));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/llm`;
  t.after(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return state;
}

function answer(kind: BadKind, res: ServerResponse): void {
  switch (kind) {
    case 'web-page': {
      const page = '<!doctype html><html><head><title>Welcome</title></head><body>Hello</body></html>';
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
      res.end(page);
      return;
    }
    case 'hang-up':
      res.socket?.destroy();
      return;
    case 'truncated':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000, 'x-request-id': 'req_truncated' });
      res.write('{"id":"resp_1","obj');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    case 'silent':
      return;
  }
}
