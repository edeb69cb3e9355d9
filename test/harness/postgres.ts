/**
 * A throwaway PostgreSQL cluster for the tests that need the fleet's shared state backend: initdb in a
 * temporary folder, the server on a free loopback port with its socket in that folder, trust
 * authentication (nothing listens beyond 127.0.0.1), stopped and removed by `stop()`. The binaries are the
 * machine's (scripts/postgres.sh finds them, or installs them from Debian's packages). PostgreSQL refuses
 * to run as root, so as root the cluster runs as the `postgres` user the package creates.
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

import { repoRoot } from "./engine-stack";

const run = promisify(execFile);

export interface Postgres {
  /** `postgres://pulumi@127.0.0.1:PORT/pulumi?sslmode=disable`: a Pulumi backend URL as it is. */
  url: string;
  port: number;
  /** Runs SQL with psql and returns its unaligned, tuples-only output. */
  sql(statement: string): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<Postgres> {
  const bindir = execFileSync("bash", [path.join(repoRoot, "scripts", "postgres.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  const asRoot = process.getuid?.() === 0;
  // As root, every server command runs as `postgres`, which must own the folder.
  const as = (bin: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", path.join(bindir, bin), ...args])
      : run(path.join(bindir, bin), args);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailreseller-pg-"));
  if (asRoot) execFileSync("chown", ["postgres", dir]);
  const data = path.join(dir, "data");
  await as("initdb", ["-D", data, "-A", "trust", "-U", "pulumi", "--no-sync"]);
  const port = await freePort();
  await as("pg_ctl", [
    "-D",
    data,
    "-l",
    path.join(dir, "server.log"),
    "-w",
    "-o",
    // fsync off: a test's cluster is thrown away, and fsync is most of a checkpoint write's cost here.
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    "start",
  ]);
  await as("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "pulumi", "pulumi"]);
  let stopped = false;
  return {
    url: `postgres://pulumi@127.0.0.1:${port}/pulumi?sslmode=disable`,
    port,
    async sql(statement) {
      const { stdout } = await as("psql", [
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "-U",
        "pulumi",
        "-d",
        "pulumi",
        "-At",
        "-c",
        statement,
      ]);
      return stdout.trim();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
