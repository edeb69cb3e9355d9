/**
 * The installed `pulumi-mailreseller fleet` command, run as a TypeScript user runs it (under tsx, which
 * loads the fleet's program module), with what the command and the CLI need: the sandbox's settings, the
 * CLI from PULUMI_BIN_DIR, a Pulumi home, the backend and the passphrase.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { installedCommand, repoRoot } from "./engine-stack";
import { sandboxEnv } from "./sandbox-config";

export interface FleetShardJson {
  shard: number;
  stack: string;
  customers: number;
  status: string;
  changes: Record<string, number>;
  policy: string[];
  recovered: string[];
  error?: string;
}

export interface FleetRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The `--json` result's shards (none when the command failed before writing it). */
  shards: FleetShardJson[];
}

/** The environment of the fleet's command and of a plain `pulumi` on the fleet's backend. */
export function fleetCliEnv(options: {
  sandboxUrl: string;
  backend: string;
  home: string;
}): Record<string, string> {
  const cliBin = process.env.PULUMI_BIN_DIR;
  if (!cliBin) throw new Error("PULUMI_BIN_DIR is not set (npm test sets it)");
  return {
    ...sandboxEnv(options.sandboxUrl),
    PATH: `${cliBin}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_HOME: options.home,
    PULUMI_BACKEND_URL: options.backend,
    PULUMI_CONFIG_PASSPHRASE: "fleet-test-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // Progress as plain lines, as in a CI log.
    CI: "true",
  };
}

/**
 * Runs `fleet ARGS… --json FILE` in `cwd` (where mailreseller-fleet.json is). A run that goes over
 * `timeoutMs` is killed and fails with what it printed, rather than at jest's timeout. `onSpawn` gets the
 * child, e.g. to kill it mid-run.
 */
export function runFleetCommand(
  cwd: string,
  env: Record<string, string>,
  args: readonly string[],
  options: { timeoutMs?: number; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<FleetRun> {
  const json = path.join(cwd, `result-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const tsx = path.join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, installedCommand(), "fleet", ...args, "--json", json], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `fleet ${args.join(" ")} ran over ${options.timeoutMs ?? 300_000} ms; it printed:\n${stdout}\n${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 300_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const shards = fs.existsSync(json)
        ? (JSON.parse(fs.readFileSync(json, "utf8")) as { shards: FleetShardJson[] }).shards
        : [];
      resolve({ code: code ?? 1, stdout, stderr, shards });
    });
    options.onSpawn?.(child);
  });
}
