import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { connect, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer } from "node:tls";
import { promisify } from "node:util";

/**
 * An emulator served over https, as the real API is: a TLS front with a certificate made for the
 * test file, which a client trusts only through NODE_EXTRA_CA_CERTS (read by Node at start, so
 * only a child process can be given it).
 */

/** A self-signed certificate for localhost and 127.0.0.1, made with openssl for one test file. */
export interface TestCertificate {
  /** The certificate's PEM file: what NODE_EXTRA_CA_CERTS names. */
  certFile: string;
  cert: string;
  key: string;
  remove(): Promise<void>;
}

export async function makeCertificate(): Promise<TestCertificate> {
  const dir = await mkdtemp(path.join(tmpdir(), "smile-links-cert-"));
  const certFile = path.join(dir, "cert.pem");
  const keyFile = path.join(dir, "key.pem");
  await promisify(execFile)("openssl", [
    ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
    ...["-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=localhost"],
    ...["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
  ]);
  return {
    certFile,
    cert: await readFile(certFile, "utf8"),
    key: await readFile(keyFile, "utf8"),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface TlsFront {
  /** `https://localhost:PORT/v1`: the emulator's API over TLS. */
  url: string;
  close(): Promise<void>;
}

/** Serves the emulator at `emulatorUrl` over TLS with `certificate`, passing bytes through. */
export async function startTlsFront(
  emulatorUrl: string,
  certificate: TestCertificate,
): Promise<TlsFront> {
  const { hostname, port } = new URL(emulatorUrl);
  const sockets = new Set<Socket>();
  const server = createServer({ cert: certificate.cert, key: certificate.key }, (socket) => {
    const upstream = connect(Number(port), hostname);
    for (const end of [socket, upstream]) {
      sockets.add(end);
      end.on("close", () => sockets.delete(end));
      end.on("error", () => {
        socket.destroy();
        upstream.destroy();
      });
    }
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const front = (server.address() as AddressInfo).port;
  return {
    url: `https://localhost:${front}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
