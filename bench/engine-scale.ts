/**
 * What users feel at fleet scale: `pulumi up`, an unchanged `preview`, `refresh` and `destroy` of a program
 * with N of our resources (a third outMail services, a third ResellerClub mailboxes, a sixth MailUp
 * accounts each with one pack), through the real CLI against the sandbox, next to the same operations on
 * the same program whose resources are no-op dynamic resources (the engine's own floor) in the same run,
 * and the time the sandbox was busy answering (the raw vendor time). Also: vendor calls per resource,
 * the dynamic-provider host's peak RSS, and serialized `__provider` and state bytes per resource.
 *
 *   npm run bench -- [--n 1000] [--parallel 16] [--json figures.json] [--ops up,preview]
 *
 * `--ops` measures only some operations (up always runs, to make the stack; destroy is then skipped and
 * the stack's folder is removed with the sandbox's objects left as they are): at N = 2,000 a full run
 * takes the better part of an hour on a 2-core machine, most of it in up and destroy.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";

import { type Sandbox, startSandbox, sandboxStackConfig } from "../sandbox/server";
import { RUN_STACK } from "../test/harness/engine-stack";
import { watchProviderRss } from "./provider-rss";

// Not strict: `npm run bench` passes the same options to every benchmark.
const { values } = parseArgs({
  strict: false,
  options: {
    n: { type: "string", default: "1000" },
    parallel: { type: "string", default: "16" },
    json: { type: "string" },
    ops: { type: "string" },
  },
});
const n = Number(values.n);
const parallel = String(values.parallel);
const jsonOut = typeof values.json === "string" ? values.json : undefined;
const repoRoot = path.resolve(__dirname, "..");
const ALL_OPS = ["up", "preview", "refresh", "destroy"] as const;
type Op = (typeof ALL_OPS)[number];
const chosen = typeof values.ops === "string" ? values.ops.split(",").map((o) => o.trim()) : [...ALL_OPS];
const unknownOps = chosen.filter((o) => !(ALL_OPS as readonly string[]).includes(o));
if (unknownOps.length > 0) throw new Error(`--ops: unknown operation(s) ${unknownOps.join(", ")}`);
const OPS: readonly Op[] = ALL_OPS.filter((op) => op === "up" || chosen.includes(op));

/**
 * The program, with the resource classes it is given: ours (`mailup`, `outmail`, `resellerclub` from the
 * package) or no-op stand-ins with the same inputs, declared outputs and dependencies. Both programs are
 * the same but for what the provider does, so the floor costs the engine and the SDK exactly what ours
 * does (the SDK's work grows with the number of properties per resource), and the ratio is our
 * providers' own cost.
 */
function program(count: number, classes: string): string {
  const relays = Math.round(count / 3);
  const mailboxes = Math.round(count / 3);
  const accounts = Math.floor((count - relays - mailboxes) / 2);
  return `
import * as pulumi from "@pulumi/pulumi";
${classes}
const secret = new pulumi.Config().requireSecret("benchPassword");
for (let i = 0; i < ${relays}; i++) {
  new outmail.Service(\`relay-\${i}\`, { clientId: "9987606", serviceName: "Outmail250", username: \`bench-relay-\${i}\`, password: secret });
}
for (let i = 0; i < ${mailboxes}; i++) {
  new resellerclub.MailUser(\`mailbox-\${i}\`, { orderId: "1001", email: \`user\${i}@customer.example\`, password: secret,
    notificationEmail: "it@customer.example", firstName: "Bench", lastName: \`User \${i}\`, countryCode: "GB", languageCode: "en" });
}
for (let i = 0; i < ${accounts}; i++) {
  const account = new mailup.Account(\`console-\${i}\`, { profile: "Economy", language: "EN", ipAddress: "192.0.2.10",
    email: \`marketing\${i}@customer.example\`, customDomain: "customer.example", customSubdomain: \`bench\${i}\`,
    serviceName: "Bench", serviceUrl: "www.customer.example/bench", serviceLogoutUrl: "www.customer.example" });
  new mailup.AccountPack(\`credits-\${i}\`, { accountId: account.accountId, pack: "Crediti300", quantity: 2 });
}
`;
}

function ours(count: number): string {
  return program(count, `import { mailup, outmail, resellerclub } from "pulumi-mailreseller";`);
}

/**
 * The floor: the same program on a dynamic provider that does nothing. Each stand-in declares the outputs
 * ours declares (the account's \`accountId\`, on which its pack depends) and keeps its password secret.
 */
function floor(count: number): string {
  return program(
    count,
    `
let next = 0;
const noop: pulumi.dynamic.ResourceProvider = {
  async check(_olds: any, news: any) { return { inputs: news }; },
  async diff() { return { changes: false }; },
  async create(inputs: any) { const id = String(++next); return { id, outs: { ...inputs, accountId: id, outmailId: id, liveServiceId: id } }; },
  async read(id: string, props: any) { return { id, props }; },
  async update(_id: string, _olds: any, news: any) { return { outs: news }; },
  async delete() {},
};
class Noop extends pulumi.dynamic.Resource {
  declare public readonly accountId: pulumi.Output<string>;
  constructor(name: string, props: Record<string, unknown>, outputs: string[]) {
    super(noop, name, { ...Object.fromEntries(outputs.map((o) => [o, undefined])), ...props }, { additionalSecretOutputs: ["password"] });
  }
}
const outmail = { Service: class extends Noop { constructor(n: string, p: Record<string, unknown>) { super(n, p, ["outmailId", "liveServiceId", "outmailServerId"]); } } };
const resellerclub = { MailUser: class extends Noop { constructor(n: string, p: Record<string, unknown>) { super(n, p, ["status"]); } } };
const mailup = {
  Account: class extends Noop { constructor(n: string, p: Record<string, unknown>) { super(n, p, ["accountId", "activationId", "profileId", "profileName", "controlPanelDomain", "linkTrackingDomain", "imageTrackingDomain", "status", "validFrom", "validTo"]); } },
  AccountPack: class extends Noop { constructor(n: string, p: Record<string, unknown>) { super(n, p, ["packId", "packName", "currentQuantity"]); } },
};
`,
  );
}

interface Measured {
  ms: number;
  calls: number;
  /** Calls by method and route (ids folded), to tell creates from polls and lookups. */
  byRoute: Record<string, number>;
  /** Wall time during which at least one vendor request was being handled: the raw vendor time. */
  vendorBusyMs: number;
  rssBytes: number;
}

/** The union of the requests' handling intervals at the sandbox. */
function busyMs(requests: { at: string; durationMs: number }[]): number {
  const spans = requests
    .map((r) => [Date.parse(r.at), Date.parse(r.at) + Math.max(1, r.durationMs)] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

/** `POST /mailup/.../Account/Activation/Profile/1047/Language/EN` → `POST .../Account/Activation/Profile/:id/Language/:id`. */
function route(method: string, p: string): string {
  return `${method} ${p.replace(/\/(\d+|[A-Z]{2})(?=\/|$)/g, "/:id")}`;
}

async function runOp(
  dir: string,
  op: Op,
  configFile: string,
  sandbox: Sandbox | undefined,
): Promise<Measured> {
  sandbox?.requestLog.clear();
  let stopRss: () => number = () => 0;
  const started = Date.now();
  await new Promise<number>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...RUN_STACK,
        "--program",
        path.join(dir, "program"),
        "--work-dir",
        path.join(dir, "work"),
        "--state-dir",
        path.join(dir, "state"),
        "--project",
        "bench",
        "--stack",
        "bench",
        "--config-file",
        configFile,
        "--parallel",
        parallel,
        "--quiet",
        op,
      ],
      { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] },
    );
    if (child.pid !== undefined) stopRss = watchProviderRss(child.pid);
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (c) =>
      c === 0 ? resolve(0) : reject(new Error(`${op} failed (${c}): ${stderr.slice(-2000)}`)),
    );
  });
  const ms = Date.now() - started;
  const rssBytes = stopRss();

  const requests = sandbox ? sandbox.requests.filter((r) => !r.path.endsWith("/OAuth/Token")) : [];
  const byRoute: Record<string, number> = {};
  for (const r of requests) byRoute[route(r.method, r.path)] = (byRoute[route(r.method, r.path)] ?? 0) + 1;
  return { ms, calls: requests.length, byRoute, vendorBusyMs: busyMs(requests), rssBytes };
}

function stateFigures(dir: string): { stateBytes: number; providerBytes: number; resources: number } {
  const file = path.join(dir, "state", ".pulumi", "stacks", "bench", "bench.json");
  const text = fs.readFileSync(file, "utf8");
  const resources = (JSON.parse(text).checkpoint.latest?.resources ?? []) as {
    outputs?: { __provider?: string };
  }[];
  const providers = resources.map((r) => r.outputs?.__provider).filter((p): p is string => p !== undefined);
  return {
    stateBytes: Buffer.byteLength(text),
    providerBytes: providers.length ? Buffer.byteLength(providers[0]) : 0,
    resources: providers.length,
  };
}

/**
 * With MAILRESELLER_TEST_ARTIFACTS set (`npm run bench` sets it), the stack's state files and run output
 * are kept there with its config, for the credential scan that ends the run.
 */
function keepForCredentialScan(dir: string, configFile: string, label: string): void {
  const artifacts = process.env.MAILRESELLER_TEST_ARTIFACTS;
  if (!artifacts) return;
  const target = path.join(artifacts, `engine-scale-${label}`);
  fs.cpSync(dir, target, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|\.pulumi-home)$/.test(src),
    verbatimSymlinks: true,
  });
  fs.copyFileSync(configFile, path.join(target, "config.json"));
}

async function measure(label: string, source: string, sandbox?: Sandbox, configFile?: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${label}-`));
  fs.mkdirSync(path.join(dir, "program"));
  fs.symlinkSync(
    path.join(repoRoot, "examples", "node_modules"),
    path.join(dir, "program", "node_modules"),
    "dir",
  );
  fs.writeFileSync(path.join(dir, "program", "index.ts"), source);
  const config = configFile ?? path.join(dir, "config.json");
  if (!configFile) fs.writeFileSync(config, "{}");
  const results: Partial<Record<Op, Measured>> = {};
  let state = { stateBytes: 0, providerBytes: 0, resources: 0 };
  for (const op of OPS) {
    process.stderr.write(`[bench] ${label}: pulumi ${op} of ${n} resources...`);
    results[op] = await runOp(dir, op, config, sandbox);
    process.stderr.write(` ${(results[op]!.ms / 1000).toFixed(1)} s\n`);
    if (op === "up") state = stateFigures(dir);
  }
  keepForCredentialScan(dir, config, label);
  fs.rmSync(dir, { recursive: true, force: true });
  return { results: results as Record<Op, Measured>, state };
}

async function main(): Promise<void> {
  const cliBin = process.env.PULUMI_BIN_DIR;
  if (!cliBin) throw new Error("PULUMI_BIN_DIR is not set (npm run bench sets it)");
  const sandbox = await startSandbox({
    port: 0,
    quiet: true,
    mailupActivationPolls: 0,
    partnerCredits: n * 10,
  });
  const configFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-config-")), "config.json");
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      ...sandboxStackConfig(sandbox.url),
      // Each round ends with a destroy: the deletion guard would refuse it.
      "mailreseller:deletionGuard": { value: "false" },
      "bench:benchPassword": { value: "bench-password-1", secret: true },
    }),
  );
  try {
    const base = await measure("floor", floor(n), undefined, configFile);
    const mine = await measure("ours", ours(n), sandbox, configFile);
    const rows = OPS.map((op) => ({
      op,
      floorS: base.results[op].ms / 1000,
      oursS: mine.results[op].ms / 1000,
      ratio: mine.results[op].ms / base.results[op].ms,
      vendorS: mine.results[op].vendorBusyMs / 1000,
      // The goal: at most 1.2 times the floor plus the raw vendor time.
      goalMet: mine.results[op].ms <= 1.2 * base.results[op].ms + mine.results[op].vendorBusyMs,
      callsPerResource: mine.results[op].calls / n,
      providerRssMB: mine.results[op].rssBytes / 2 ** 20,
      // The same host running the no-op provider: what the engine's requests alone cost it.
      floorProviderRssMB: base.results[op].rssBytes / 2 ** 20,
    }));
    const figures = {
      n,
      callsByRoute: Object.fromEntries(OPS.map((op) => [op, mine.results[op].byRoute])),
      parallel: Number(parallel),
      rows,
      providerBytesPerResource: mine.state.providerBytes,
      stateBytesPerResource: Math.round(mine.state.stateBytes / Math.max(1, mine.state.resources)),
      floorStateBytesPerResource: Math.round(base.state.stateBytes / Math.max(1, base.state.resources)),
    };
    console.log(`\nN=${n} resources, --parallel ${parallel}; floor = N no-op dynamic resources, same run\n`);
    console.log(
      "| operation | floor (s) | ours (s) | ours / floor | vendor busy (s) | ≤ 1.2× floor + vendor | vendor calls per resource | provider host peak RSS (MB) | floor's host peak RSS (MB) |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|");
    for (const r of rows) {
      console.log(
        `| ${r.op} | ${r.floorS.toFixed(1)} | ${r.oursS.toFixed(1)} | ${r.ratio.toFixed(2)}× | ${r.vendorS.toFixed(1)} | ${r.goalMet ? "met" : "missed"} | ${r.callsPerResource.toFixed(2)} | ${r.providerRssMB.toFixed(0)} | ${r.floorProviderRssMB.toFixed(0)} |`,
      );
    }
    console.log(
      `\n__provider: ${figures.providerBytesPerResource} bytes per resource; state: ${figures.stateBytesPerResource} bytes per resource (floor: ${figures.floorStateBytesPerResource})`,
    );
    console.log("\nVendor calls of `pulumi up`, by route:");
    for (const [r, count] of Object.entries(mine.results.up.byRoute)) console.log(`  ${count}\t${r}`);
    if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(figures, null, 2));
  } finally {
    await sandbox.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
