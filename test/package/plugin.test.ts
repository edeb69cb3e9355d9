/**
 * The native provider plugin as the npm package ships it (the packed copy in examples/node_modules,
 * installed by `npm test`'s prepare step): its launcher is executable, starts with only Node.js (the
 * bundle carries everything else), prints its port first, and serves the package schema the real CLI
 * binds (`pulumi package get-schema PATH`). The plugin cache path is covered by native-yaml.engine.
 */
import { execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

import { cliBinDir, repoRoot } from "../harness/local-cli";

jest.setTimeout(60_000);

const pluginDir = path.join(repoRoot, "examples/node_modules/pulumi-mailreseller/bin/plugin");
const launcher = path.join(pluginDir, "pulumi-resource-mailreseller");
const run = promisify(execFile);

test("the launcher is executable and its first line on stdout is the port", async () => {
  expect(fs.statSync(launcher).mode & 0o111).not.toBe(0);
  // From a folder with no node_modules anywhere above it, as a YAML or Python project is.
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-"));
  const proc = spawn(launcher, [], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      let out = "";
      proc.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0]);
      });
      proc.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before printing its port`)));
    });
    expect(first).toMatch(/^\d+$/);
  } finally {
    proc.kill();
    fs.rmSync(cwd, { recursive: true, force: true });
  }
});

test("a plugin whose CLI died exits by itself", async () => {
  // A shell starts the plugin in the background and exits while it runs, as a killed CLI would leave it.
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plugin-orphan-")), "port");
  const { stdout } = await run("sh", ["-c", '"$0" >"$1" 2>&1 & echo $!; sleep 2', launcher, out]);
  const pid = Number(stdout.trim());
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const started = Date.now();
  while (alive() && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 200));
  const stillAlive = alive();
  if (stillAlive) process.kill(pid, "SIGKILL");
  expect(fs.readFileSync(out, "utf8")).toMatch(/^\d+\n/);
  expect(stillAlive).toBe(false);
});

test("a missing Node.js is named, with the variable that points at one", async () => {
  const failed = await run(launcher, [], {
    env: { PATH: "/nonexistent", PULUMI_MAILRESELLER_NODE: "no-such-node" },
  }).catch((e: { code: number; stderr: string }) => e);
  expect((failed as { code: number }).code).toBe(1);
  expect((failed as { stderr: string }).stderr).toContain("needs Node.js 20 or newer");
  expect((failed as { stderr: string }).stderr).toContain("PULUMI_MAILRESELLER_NODE");
});

test("the CLI binds the schema the plugin serves", async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-home-"));
  try {
    const { stdout } = await run(path.join(cliBinDir(), "pulumi"), ["package", "get-schema", launcher], {
      env: { ...process.env, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "1" },
      maxBuffer: 16 * 1024 * 1024,
    });
    const schema = JSON.parse(stdout) as { name: string; resources: object; functions: object };
    const packageJson = JSON.parse(fs.readFileSync(path.join(pluginDir, "../../package.json"), "utf8")) as {
      version: string;
    };
    expect(schema).toMatchObject({ name: "mailreseller", version: packageJson.version });
    expect(Object.keys(schema.resources)).toHaveLength(7);
    expect(Object.keys(schema.functions)).toHaveLength(14);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
