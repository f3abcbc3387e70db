import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A proxy in front of an emulator that holds every create (`POST /v1/smile_links`) until
 * `release()`, passing everything else on at once: it keeps a `pulumi up` in the middle of its
 * update, lock held, for as long as a test needs, with no timing involved.
 */
export interface HeldCreates {
  /** The API root to give a stack: `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** Resolves when the first create has arrived and is being held. */
  firstArrived: Promise<void>;
  /** Lets the held creates, and all later ones, through. */
  release(): void;
  close(): Promise<void>;
}

function bodyOf(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** Starts the proxy in front of the API root `target` (an emulator's `url`). */
export async function holdCreates(target: string): Promise<HeldCreates> {
  const origin = new URL(target).origin;
  let arrived!: () => void;
  const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = createServer((request, response) => {
    void (async () => {
      const body = await bodyOf(request);
      if (request.method === "POST" && request.url === "/v1/smile_links") {
        arrived();
        await released;
      }
      const answer = await fetch(origin + request.url, {
        method: request.method,
        headers: { "content-type": request.headers["content-type"] ?? "application/json" },
        body: request.method === "GET" ? undefined : body,
      });
      response
        .writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "" })
        .end(Buffer.from(await answer.arrayBuffer()));
    })().catch(() => request.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    firstArrived,
    release,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
