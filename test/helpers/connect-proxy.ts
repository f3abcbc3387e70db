import { createServer, type IncomingMessage } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";

/**
 * A CONNECT proxy, the kind HTTPS_PROXY names, as a real server on a loopback port: it tunnels,
 * drops the connection, answers 407 or 502, or never answers (tls-front.ts serves the API it
 * tunnels to).
 */

/** What the proxy does with each CONNECT; "silent" never answers it. */
export type ProxyBehaviour = "tunnel" | "drop" | "407" | "502" | "silent";

export interface ConnectProxy {
  /** `http://127.0.0.1:PORT`, or with `user:password@` when it was given credentials. */
  url: string;
  /** The CONNECT requests it got, as "host:port". */
  connects: string[];
  /** Each CONNECT's Proxy-Authorization header, decoded ("user:password"), or undefined. */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/**
 * Starts a CONNECT proxy on a free port. With `credentials`, a tunnel opens only for a
 * CONNECT that carries them (Basic), and is answered 407 otherwise.
 */
export async function startConnectProxy(
  behaviour: ProxyBehaviour,
  credentials?: { user: string; password: string },
): Promise<ConnectProxy> {
  const connects: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("connect", (req: IncomingMessage, client: Socket) => {
    connects.push(req.url ?? "");
    const header = req.headers["proxy-authorization"];
    const given = header?.startsWith("Basic ")
      ? Buffer.from(header.slice(6), "base64").toString("utf8")
      : undefined;
    authorizations.push(given);
    client.on("error", () => client.destroy());
    const refuse = (status: string, extra = "") =>
      client.end(`HTTP/1.1 ${status}\r\n${extra}Content-Length: 0\r\n\r\n`);
    if (behaviour === "drop") return client.destroy();
    if (behaviour === "silent") return;
    if (behaviour === "502") return refuse("502 Bad Gateway");
    const expected = credentials && `${credentials.user}:${credentials.password}`;
    if (behaviour === "407" || given !== expected) {
      return refuse(
        "407 Proxy Authentication Required",
        'Proxy-Authenticate: Basic realm="test"\r\n',
      );
    }
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host === "localhost" ? "127.0.0.1" : host);
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    upstream.on("connect", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.pipe(client).pipe(upstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const auth = credentials
    ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@`
    : "";
  return {
    url: `http://${auth}127.0.0.1:${port}`,
    connects,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
