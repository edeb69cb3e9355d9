/**
 * The fleet at scale (README, "A fleet in shards"): N resources of the GitOps fleet (per customer an outMail
 * relay, a MailUp account and one pack: three resources under the customer's component), split into shards
 * on a real PostgreSQL backend and run through the installed `pulumi-mailreseller fleet` command and the
 * real CLI against the sandbox: `up` from empty, an unchanged `preview`, a one-customer pull request's
 * preview (`--base`), `refresh` and `destroy`. Beside it, the same N in one stack (one shard, the same
 * command and backend) while one stack is bearable (`--single-max`, default 2,500); beyond that the single
 * stack is extrapolated from its largest measured size as O(N²), and the table says so. Also: the largest
peak RSS of one shard's provider host.
 *
 * Time per resource is printed for each N, so linear cost shows as a flat column. Timings are one run on
 * this machine (shared and noisy): compare columns within one run.
 *
 *   npm run bench -- --fleet 1000,2500 [--shard-size 625] [--concurrency 2] [--single-max 2500] [--json F]
 *                    [--state-compression gzip|none|zstd]   (the fleet's default: gzip)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";

import { type Sandbox, startSandbox } from "../sandbox/server";
import { repoRoot } from "../test/harness/engine-stack";
import { type FleetRun, fleetCliEnv, runFleetCommand } from "../test/harness/fleet-command";
import { type Postgres, startPostgres } from "../test/harness/postgres";
import { watchProviderRss } from "./provider-rss";

const { values } = parseArgs({
  strict: false,
  options: {
    fleet: { type: "string", default: "1000" },
    "shard-size": { type: "string", default: "625" },
    concurrency: { type: "string", default: "2" },
    "single-max": { type: "string", default: "2500" },
    "state-compression": { type: "string", default: "gzip" },
    json: { type: "string" },
  },
});
const sizes = String(values.fleet)
  .split(",")
  .map((s) => Number(s.trim()));
const shardSize = Number(values["shard-size"]);
const concurrency = Number(values.concurrency);
const singleMax = Number(values["single-max"]);
// How Pulumi's DIY backend compresses each checkpoint it writes (PULUMI_DIY_BACKEND_GZIP / _ZSTD).
const compression = String(values["state-compression"]);
if (!["none", "gzip", "zstd"].includes(compression))
  throw new Error(`--state-compression: none, gzip or zstd, not ${compression}`);

const OPS = ["up", "preview", "pr-preview", "refresh", "destroy"] as const;
type Op = (typeof OPS)[number];
/** Resources per customer: relay, console, one pack (the component is the engine's, not a vendor's). */
const PER_CUSTOMER = 3;

interface Measured {
  n: number;
  shards: number;
  seconds: Record<Op, number>;
  vendorWritesInPreviews: number;
  /** The largest peak RSS of one shard's dynamic-provider host, over every operation. */
  hostPeakMB: number;
}

function customers(n: number) {
  return Array.from({ length: Math.ceil(n / PER_CUSTOMER) }, (_, i) => ({
    id: `c${i}`,
    outmailClientId: "9987606",
    outmailTier: "Outmail250",
    mailupProfile: "Economy",
    mailupPacks: [{ pack: "Crediti300", quantity: 1 }],
  }));
}

async function measure(n: number, shards: number, sandbox: Sandbox, postgres: Postgres): Promise<Measured> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mailreseller-fleet-bench-${n}-${shards}-`));
  const project = `bench-${n}-${shards}`;
  try {
    const data = customers(n);
    fs.writeFileSync(path.join(dir, "customers.json"), JSON.stringify({ customers: data }));
    fs.writeFileSync(
      path.join(dir, "mailreseller-fleet.json"),
      JSON.stringify({
        project,
        data: "customers.json",
        program: path.join(repoRoot, "examples", "gitops", "customer.ts"),
        shards,
        concurrency,
        config: { "mailreseller:deletionGuard": "false" },
        secretConfig: { relayPassword: "BENCH_RELAY_PASSWORD" },
      }),
    );
    const env = {
      ...fleetCliEnv({
        sandboxUrl: sandbox.url,
        backend: postgres.url,
        home: path.join(dir, ".pulumi-home"),
      }),
      BENCH_RELAY_PASSWORD: "bench-relay-password-4f1c",
      // The fleet gzips unless told otherwise (provider/commands/fleet/backend.ts).
      PULUMI_DIY_BACKEND_GZIP: String(compression === "gzip"),
      ...(compression === "zstd" ? { PULUMI_DIY_BACKEND_ZSTD: "true" } : {}),
    };
    // No run may end the bench by a timeout of its own: an hour per operation.
    const run = async (...args: string[]): Promise<{ seconds: number; result: FleetRun }> => {
      const started = Date.now();
      const result = await runFleetCommand(dir, env, args, { timeoutMs: 3_600_000 });
      if (result.code !== 0)
        throw new Error(`fleet ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
      const seconds = (Date.now() - started) / 1000;
      // As it goes, so a run stopped early still tells what it measured.
      console.error(
        `[fleet-scale] N=${n}, ${shards} shard(s): fleet ${args[0]}${args[1] ? " --base" : ""} ${seconds.toFixed(1)} s`,
      );
      return { seconds, result };
    };
    const seconds = {} as Record<Op, number>;
    // Every host the bench's fleet commands start is a descendant of this process.
    const stopRss = watchProviderRss(process.pid);
    seconds.up = (await run("up")).seconds;
    sandbox.requestLog.clear();
    seconds.preview = (await run("preview")).seconds;
    const base = path.join(dir, "base.json");
    fs.copyFileSync(path.join(dir, "customers.json"), base);
    const head = data.map((c, i) => (i === 0 ? { ...c, outmailTier: "Outmail500" } : c));
    fs.writeFileSync(path.join(dir, "customers.json"), JSON.stringify({ customers: head }));
    seconds["pr-preview"] = (await run("preview", "--base", base)).seconds;
    fs.copyFileSync(base, path.join(dir, "customers.json"));
    const vendorWritesInPreviews = sandbox.requests.filter(
      (r) => r.method !== "GET" && !r.path.includes("/Token"),
    ).length;
    seconds.refresh = (await run("refresh")).seconds;
    seconds.destroy = (await run("destroy")).seconds;
    return { n, shards, seconds, vendorWritesInPreviews, hostPeakMB: stopRss() / 2 ** 20 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const perResourceMs = (m: Measured, op: Op) => (1000 * m.seconds[op]) / m.n;

async function main(): Promise<void> {
  if (!process.env.PULUMI_BIN_DIR) throw new Error("PULUMI_BIN_DIR is not set: run through npm run bench");
  const [postgres, sandbox] = await Promise.all([
    startPostgres(),
    // Credits for every relay of the largest fleet (an Outmail250 costs 5), refilled by each reset.
    startSandbox({ port: 0, quiet: true, mailupActivationPolls: 0, partnerCredits: 10 * Math.max(...sizes) }),
  ]);
  const fleet: Measured[] = [];
  const single: Measured[] = [];
  try {
    for (const n of sizes) {
      const shards = Math.max(2, Math.round(n / shardSize));
      console.error(`[fleet-scale] N=${n}: ${shards} shards of about ${Math.round(n / shards)} resources`);
      fleet.push(await measure(n, shards, sandbox, postgres));
      sandbox.reset();
      if (n <= singleMax) {
        console.error(`[fleet-scale] N=${n}: one stack`);
        single.push(await measure(n, 1, sandbox, postgres));
        sandbox.reset();
      }
    }
  } finally {
    await Promise.all([postgres.stop(), sandbox.close()]);
  }
  // The table in order of N, whatever order the sizes were measured in.
  fleet.sort((a, b) => a.n - b.n);
  single.sort((a, b) => a.n - b.n);
  const lines = [
    `\nFleet of N resources on PostgreSQL, --concurrency ${concurrency}, checkpoints ${compression === "none" ? "uncompressed" : compression}; ` +
      "seconds (ms per resource)\n",
    `| N | layout | ${OPS.join(" | ")} | vendor writes in previews | host peak RSS (MB) |`,
    `|---|---|${OPS.map(() => "---|").join("")}---|---|`,
  ];
  const row = (m: Measured, layout: string) =>
    `| ${m.n} | ${layout} | ${OPS.map((op) => `${m.seconds[op].toFixed(1)} (${perResourceMs(m, op).toFixed(1)})`).join(" | ")} | ${m.vendorWritesInPreviews} | ${m.hostPeakMB.toFixed(0)} |`;
  for (const n of [...sizes].sort((a, b) => a - b)) {
    const f = fleet.find((m) => m.n === n)!;
    lines.push(row(f, `${f.shards} shards`));
    const s = single.find((m) => m.n === n);
    if (s) lines.push(row(s, "one stack"));
    else if (single.length >= 1) {
      // O(N²) through the largest measured single stack: t = a·N².
      const last = single[single.length - 1];
      const est = (op: Op) => last.seconds[op] * (n / last.n) ** 2;
      lines.push(
        `| ${n} | one stack, extrapolated as O(N²) from N=${last.n} | ${OPS.map((op) => `~${est(op).toFixed(0)}`).join(" | ")} | | |`,
      );
    }
  }
  if (fleet.length >= 2) {
    const first = fleet[0];
    const last = fleet[fleet.length - 1];
    lines.push(
      "",
      `Fleet time per resource, N=${last.n} against N=${first.n}: ` +
        OPS.map((op) => `${op} ${(perResourceMs(last, op) / perResourceMs(first, op)).toFixed(2)}x`).join(
          ", ",
        ),
    );
  }
  console.log(lines.join("\n"));
  if (typeof values.json === "string")
    fs.writeFileSync(values.json, JSON.stringify({ fleet, single }, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
