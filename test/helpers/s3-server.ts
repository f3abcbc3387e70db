import { spawn } from "node:child_process";
import path from "node:path";
import { ensurePythonTools } from "../../scripts/python-tools.mjs";

/**
 * An S3-compatible object store on 127.0.0.1 for the engine tests: moto's server mode, from
 * PyPI, installed once into a cached virtualenv (only the tests that start one install it).
 * It takes any credentials and checks no signature.
 */
const MOTO = ["moto[server]==5.2.6"];
/**
 * moto answers an unsigned GetObject 403, as S3 does for a private bucket; it takes any
 * signature, so the tests' own reads carry this one.
 */
const SIGNED = {
  authorization:
    "AWS4-HMAC-SHA256 Credential=moto-access-key/20260101/us-east-1/s3/aws4_request, " +
    "SignedHeaders=host, Signature=0",
};

export interface S3Server {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  /** Makes a bucket and returns the Pulumi backend URL of it, with the credentials' variables. */
  bucket(name: string): Promise<{ url: string; env: Record<string, string> }>;
  /** The keys of the bucket's objects under `prefix`. */
  keys(name: string, prefix: string): Promise<string[]>;
  /** The text of one object. */
  read(name: string, key: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts moto's S3 server on a free port; resolves once it listens. */
export async function startS3Server(): Promise<S3Server> {
  const bin = await ensurePythonTools("moto-server", MOTO);
  const child = spawn(
    path.join(bin, "python"),
    ["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let printed = "";
    const look = (chunk: Buffer) => {
      printed += chunk.toString();
      const address = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)?.[1];
      if (address) resolve(address);
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    child.on("error", reject);
    child.on("exit", (code) =>
      reject(new Error(`moto exited ${code} before it listened:\n${printed}`)),
    );
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    endpoint,
    async bucket(name) {
      const made = await fetch(`${endpoint}/${name}`, { method: "PUT", headers: SIGNED });
      if (!made.ok) throw new Error(`making bucket ${name}: HTTP ${made.status}`);
      const query = new URLSearchParams({
        endpoint,
        s3ForcePathStyle: "true",
        region: "us-east-1",
      });
      return {
        url: `s3://${name}?${query.toString().replaceAll("%3A", ":").replaceAll("%2F", "/")}`,
        env: {
          AWS_ACCESS_KEY_ID: "moto-access-key",
          AWS_SECRET_ACCESS_KEY: "moto-secret-key",
          AWS_REGION: "us-east-1",
        },
      };
    },
    async keys(name, prefix) {
      const query = new URLSearchParams({ "list-type": "2", prefix });
      const listing = await (
        await fetch(`${endpoint}/${name}?${query}`, { headers: SIGNED })
      ).text();
      return [...listing.matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) => match[1]!);
    },
    async read(name, key) {
      const answer = await fetch(`${endpoint}/${name}/${key}`, { headers: SIGNED });
      if (!answer.ok) throw new Error(`reading ${key}: HTTP ${answer.status}`);
      return answer.text();
    },
    async close() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
