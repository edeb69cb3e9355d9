/**
 * The native `mailreseller` provider plugin as a Go user runs it: a Go Automation API inline program
 * (test/engine/go-program) on the Go SDK generated from provider/native/schema.json, run in-process by
 * the real CLI (no language host), the plugin installed from the tarball a release publishes, against the
 * sandbox. Each step prints the vendor calls it made.
 *
 * Covered: up creates an outMail service and a MailUp account with a pack; a regrade (the outMail tariff)
 * and a new pack quantity update in place, the quantity set absolutely; an unchanged preview makes no
 * vendor call; destroy deletes them.
 *
 * The program is built with `go build` (GOTOOLCHAIN=local, GOFLAGS=-mod=readonly: its go.mod and go.sum
 * are committed, so a missing line fails rather than rewriting them in the clone) into .work/go-program; Go's build cache makes every build after the first a link.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { sandboxStackConfig } from "../../sandbox/provider-config";
import { DEFAULT_PARTNER_API_KEY, Sandbox, startSandbox } from "../../sandbox/server";
import { cliBinDir, disposeTempDir, repoRoot, spawnCollect } from "../harness/local-cli";
import { step } from "../harness/vendor-calls";

jest.setTimeout(600_000);

const PROGRAM_DIR = path.join(repoRoot, "test", "engine", "go-program");
const BINARY = path.join(repoRoot, ".work", "go-program", "go-program");
const RELAY_PASSWORD = "go-relay-passw0rd";
const VERSION = (
  JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }
).version;

/** A line the Go program prints per operation (its `Result`). */
interface GoResult {
  op: string;
  changeSummary?: Record<string, number>;
  steps?: { op: string; urn: string; type: string; diffs?: string[] }[];
  outputs?: Record<string, unknown>;
  seconds: number;
  error?: string;
}

let sandbox: Sandbox;
let dir: string;
let env: NodeJS.ProcessEnv;
let transcript = "";

/** Runs the Go program's operations for the program's `tariff` and `quantity`; returns their results. */
async function goProgram(ops: string[], v: { tariff: string; quantity: number }): Promise<GoResult[]> {
  const args = ["-dir", dir, "-config", path.join(dir, "config.json")];
  args.push("-tariff", v.tariff, "-quantity", String(v.quantity), ...ops);
  const { code, stdout, stderr } = await spawnCollect(BINARY, args, env);
  transcript += `$ go-program ${args.join(" ")}\n${stdout}${stderr}`;
  const results = stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as GoResult);
  console.log(`go-program: ${results.map((r) => `${r.op} ${r.seconds.toFixed(1)} s`).join(", ")}`);
  if (code !== 0) {
    const failed = results.find((r) => r.error !== undefined);
    throw new Error(`go-program ${ops.join(" ")} failed (exit ${code}): ${failed?.error ?? stderr}`);
  }
  return results;
}

/** The Go program's one result of `ops` (the last operation's). */
async function last(ops: string[], v: { tariff: string; quantity: number }): Promise<GoResult> {
  return (await goProgram(ops, v)).at(-1)!;
}

function stepOf(result: GoResult, name: string) {
  return result.steps?.find((s) => s.urn.endsWith(`::${name}`));
}

/** `op type` of each mailreseller resource's step, sorted: independent resources go in any order. */
function resourceSteps(result: GoResult): string[] {
  return (result.steps ?? [])
    .filter((s) => s.type.startsWith("mailreseller:"))
    .map((s) => `${s.op} ${s.type}`)
    .sort();
}

const packPath = (accountId: unknown) =>
  `/mailup/API/v1.1/Rest/RetailerService.svc/Account/${String(accountId)}/Pack/535`;

/** `go build` of the program, timed: the first build on a machine compiles the SDKs, later ones link. */
function buildProgram(): void {
  const started = Date.now();
  try {
    execFileSync("go", ["build", "-o", BINARY, "."], {
      cwd: PROGRAM_DIR,
      env: {
        ...process.env,
        // The Go on PATH, never one downloaded for the module's `go` line; go.sum as committed (an SDK
        // regenerated with other dependencies needs `go mod tidy` in test/engine/go-program).
        GOTOOLCHAIN: "local",
        GOFLAGS: `${process.env.GOFLAGS ?? ""} -mod=readonly`.trim(),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    const stderr = String((err as { stderr?: Buffer }).stderr ?? "");
    throw new Error(`go build in ${PROGRAM_DIR} failed (is sdk/go generated?):\n${stderr}`);
  }
  console.log(`go build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, mailupActivationPolls: 2 });
  buildProgram();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailreseller-go-"));
  const stateDir = path.join(dir, "state");
  const homeDir = path.join(dir, ".pulumi-home");
  for (const d of [stateDir, homeDir]) fs.mkdirSync(d, { recursive: true });
  // The program's stack config, secrets in plain text: the credential scan reads them from this file.
  const config = {
    ...sandboxStackConfig(sandbox.url),
    "go-engine:relayPassword": { value: RELAY_PASSWORD, secret: true },
  };
  fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(config, null, 2));
  env = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "mailreseller-local-passphrase",
    PULUMI_HOME: homeDir,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    // The plugin comes from the tarball installed below: a missing one must fail, not be downloaded.
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PATH: `${cliBinDir()}${path.delimiter}${process.env.PATH ?? ""}`,
  };
  // The tarball a release publishes, from the plugin `npm run build` put in bin/plugin.
  const tarball = execFileSync(
    "bash",
    [path.join(repoRoot, "scripts", "plugin-tarball.sh"), path.join(repoRoot, ".work", "native-plugin")],
    { encoding: "utf8" },
  )
    .trim()
    .split("\n")[0];
  const install = ["plugin", "install", "resource", "mailreseller", VERSION, "--file", tarball];
  const installed = await spawnCollect(path.join(cliBinDir(), "pulumi"), install, env);
  transcript += `$ pulumi ${install.join(" ")}\n${installed.stdout}${installed.stderr}`;
  if (installed.code !== 0) throw new Error(`pulumi plugin install failed: ${installed.stderr}`);
});

afterAll(async () => {
  if (dir) disposeTempDir(dir, transcript);
  await sandbox?.close();
});

const START = { tariff: "Outmail500", quantity: 2 };
const REGRADED = { tariff: "Outmail1000", quantity: 3 };
let created: Record<string, unknown>;

test("up creates the outMail service, the MailUp account and its pack through the Go SDK", async () => {
  const { result, writes } = await step(sandbox, "up", () => last(["config", "up"], START));
  created = result.outputs ?? {};
  expect(result.changeSummary).toEqual({ create: 4 }); // 3 resources and the stack (providers are not counted)
  expect(resourceSteps(result)).toEqual([
    "create mailreseller:mailup:Account",
    "create mailreseller:mailup:AccountPack",
    "create mailreseller:outmail:Service",
  ]);
  expect(created).toMatchObject({ serviceName: "Outmail500", quantity: 2, currentQuantity: 2 });
  expect(created.liveServiceId).toMatch(/^\d+$/);
  expect(created.accountId).toMatch(/^\d+$/);
  // One outMail service ordered, one MailUp activation, one pack set.
  expect([...writes].sort()).toEqual(
    [
      "POST partner /partner/api-v1/outmails",
      "POST mailup /mailup/API/v1.1/Rest/RetailerService.svc/Account/Activation/Profile/1047/Language/EN",
      `POST mailup ${packPath(created.accountId)}`,
    ].sort(),
  );
  const state = fs.readFileSync(path.join(dir, "state", ".pulumi", "stacks", "go-engine", "go.json"), "utf8");
  for (const secret of [RELAY_PASSWORD, DEFAULT_PARTNER_API_KEY]) expect(state).not.toContain(secret);
});

test("a regrade and a new pack quantity update in place: the same live service, the quantity set absolutely", async () => {
  const { result, writes } = await step(sandbox, "up: regrade in place", () => last(["up"], REGRADED));
  expect(result.changeSummary).toEqual({ update: 2, same: 2 });
  expect(stepOf(result, "relay")).toMatchObject({ op: "update", diffs: ["serviceName"] });
  expect(stepOf(result, "credits")).toMatchObject({ op: "update", diffs: ["quantity"] });
  // The regrade is a PATCH of the same live service (Partner API KB 403), not a new one.
  expect(writes).toContain(`PATCH partner /partner/api-v1/live_services/${String(created.liveServiceId)}`);
  expect(writes.filter((w) => w.startsWith("POST partner"))).toEqual([]);
  expect(result.outputs).toMatchObject({ liveServiceId: created.liveServiceId, serviceName: "Outmail1000" });
  // One absolute set (WorkMode "absolute"): the account holds 3, not 2 + 3.
  expect(writes.filter((w) => w.includes("/Pack/"))).toEqual([`POST mailup ${packPath(created.accountId)}`]);
  expect(result.outputs).toMatchObject({ quantity: 3, currentQuantity: 3 });
});

test("an unchanged preview makes no vendor call", async () => {
  const { result, calls } = await step(sandbox, "unchanged preview", () => last(["preview"], REGRADED));
  expect(result.changeSummary).toEqual({ same: 4 });
  expect(calls).toEqual([]);
});

test("destroy deletes the service, the pack and the account", async () => {
  const { result, writes } = await step(sandbox, "destroy", () => last(["destroy"], REGRADED));
  expect(result.changeSummary).toEqual({ delete: 4 });
  expect(resourceSteps(result)).toEqual([
    "delete mailreseller:mailup:Account",
    "delete mailreseller:mailup:AccountPack",
    "delete mailreseller:outmail:Service",
  ]);
  // The pack set to 0, then its account deleted; the live service deleted.
  const account = `DELETE mailup /mailup/API/v1.1/Rest/RetailerService.svc/Account/${String(created.accountId)}`;
  expect(writes.indexOf(`POST mailup ${packPath(created.accountId)}`)).toBeLessThan(writes.indexOf(account));
  expect([...writes].sort()).toEqual(
    [
      `POST mailup ${packPath(created.accountId)}`,
      account,
      `DELETE partner /partner/api-v1/live_services/${String(created.liveServiceId)}`,
    ].sort(),
  );
});
