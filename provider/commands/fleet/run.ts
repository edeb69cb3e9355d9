/**
 * Runs one operation over the fleet's shards: each shard is a stack of the fleet's project on the shared
 * backend, run through the Automation API with its customers as an inline program, a bounded number at
 * once. A failed shard does not stop the others; each shard's result says what changed, what the policy
 * packs said and, when it failed, why. Pulumi's own output of each shard goes to a log file in its work
 * folder, since sixteen interleaved streams would help nobody.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { type EngineEvent, LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";

import { CommandError } from "../../core/transport/errors";
import { failure } from "../workspace";
import {
  LAYOUT_TAG,
  existingStacks,
  fleetEnv,
  fleetWorkspace,
  inParallel,
  layoutOf,
  requireCurrentLayout,
} from "./backend";
import { type FleetBudget, type ShardSpend, countSpend, noShardSpend } from "./budget";
import { type FleetCustomer, changedCustomers, readFleetData } from "./data";
import { loadFleetProgram, shardProgram } from "./program";
import { clearTakenOverPendingCreates, withDeadLocksCleared } from "./recovery";
import { FleetProgress } from "./progress";
import { type FleetSettings, stackOf } from "./settings";
import { assignShards, shardOf } from "./shards";

export const FLEET_OPERATIONS = ["preview", "up", "refresh", "destroy"] as const;
export type FleetOperation = (typeof FLEET_OPERATIONS)[number];

/** What one shard's run came to. */
export interface ShardResult {
  shard: number;
  stack: string;
  customers: number;
  /** `skipped`: no customers and no stack yet, so nothing to run. */
  status: "succeeded" | "failed" | "skipped";
  /** Resources by what the operation did (or would do) to them: create, update, replace, delete, same. */
  changes: Record<string, number>;
  /** The policy packs' verdicts: `<level> <policy>: <message>`, mandatory ones first. */
  policy: string[];
  /** What the shard's changes spend (or would spend), for the fleet-wide credit budget (./budget). */
  spend: ShardSpend;
  /** What the run did about a dead run of the shard: its lock cleared, its pending creates cleared. */
  recovered: string[];
  /** Why the shard failed: what the CLI said, trimmed. */
  error?: string;
  /** The shard's Pulumi output. */
  log: string;
  seconds: number;
}

export interface FleetRunOptions {
  /** Only these shards (`--shard`); all when absent. */
  shards?: readonly number[];
  /**
   * The base branch's data file (`--base`): only the shards of the customers the change touches run (a
   * pull request's preview); the others are reported as untouched.
   */
  base?: string;
  /** Clear every lock a run of a shard left, alive or not (`--break-stale-locks`; see ./recovery). */
  breakStaleLocks?: boolean;
  /** The fleet's credit budget, whose allow-list leaves resources out of each shard's spend (./budget). */
  budget?: FleetBudget;
  progressStream?: NodeJS.WriteStream;
}

/**
 * The node_modules folder that holds this package: each shard's work folder links it, because the CLI
 * starts the dynamic-provider host there and the host resolves `pulumi-mailreseller` from it.
 */
function packageNodeModules(): string {
  // bin/commands/fleet/run.js → the package's root → the node_modules folder it was installed into.
  const nodeModules = path.resolve(__dirname, "..", "..", "..", "..");
  if (path.basename(nodeModules) !== "node_modules") {
    throw new CommandError(
      "the fleet command runs from an installed pulumi-mailreseller (npm install pulumi-mailreseller), " +
        `not from ${path.resolve(__dirname, "..", "..", "..")}`,
    );
  }
  return nodeModules;
}

function workDirOf(settings: FleetSettings, stack: string): string {
  const dir = path.join(settings.dir, ".mailreseller-fleet", settings.project, stack);
  fs.mkdirSync(dir, { recursive: true });
  const link = path.join(dir, "node_modules");
  if (!fs.existsSync(link)) fs.symlinkSync(packageNodeModules(), link, "dir");
  return dir;
}

/** Stack config of every shard: the plain settings and the secrets from the environment. */
function shardConfig(settings: FleetSettings, env: NodeJS.ProcessEnv) {
  return {
    ...Object.fromEntries(Object.entries(settings.config).map(([k, value]) => [k, { value }])),
    ...Object.fromEntries(
      Object.entries(settings.secretConfig).map(([k, name]) => [k, { value: env[name] ?? "", secret: true }]),
    ),
  };
}

const policyLine = (e: NonNullable<EngineEvent["policyEvent"]>) =>
  `${e.enforcementLevel} ${e.policyName}: ${e.message.trim().split("\n")[0]}`;

async function runShard(
  settings: FleetSettings,
  operation: FleetOperation,
  shard: number,
  customers: readonly FleetCustomer[],
  exists: boolean,
  progress: FleetProgress,
  breakStaleLocks: boolean,
  budget: FleetBudget | undefined,
): Promise<ShardResult> {
  const stackName = stackOf(settings, shard);
  const started = Date.now();
  const base = {
    shard,
    stack: stackName,
    customers: customers.length,
    changes: {},
    policy: [] as string[],
    recovered: [] as string[],
    spend: noShardSpend(),
  };
  if (!exists && (customers.length === 0 || operation === "refresh" || operation === "destroy")) {
    return { ...base, status: "skipped", log: "", seconds: 0 };
  }
  const workDir = workDirOf(settings, stackName);
  const log = path.join(workDir, `${operation}.log`);
  const logStream = fs.createWriteStream(log);
  progress.shardStarted(stackName, customers.length);
  const policy: string[] = [];
  const onEvent = (e: EngineEvent) => {
    if (e.resOutputsEvent && !e.resOutputsEvent.metadata.type.startsWith("pulumi:")) progress.resourceDone();
    if (e.policyEvent) policy.push(policyLine(e.policyEvent));
    countSpend(e, base.spend, budget);
  };
  const common = {
    onEvent,
    onOutput: (out: string) => logStream.write(out),
    color: "never" as const,
  };
  const packs = { policyPacks: settings.policyPacks, policyPackConfigs: settings.policyPackConfigs };
  let result: ShardResult;
  try {
    const program = shardProgram(loadFleetProgram(settings.program), customers);
    const stack: Stack = await LocalWorkspace.createOrSelectStack(
      { stackName, projectName: settings.project, program },
      {
        workDir,
        projectSettings: { name: settings.project, runtime: "nodejs", backend: { url: settings.backend } },
        envVars: fleetEnv(settings),
      },
    );
    await stack.setAllConfig(shardConfig(settings, process.env));
    // A stack this run creates holds its customers by the settings' layout from the start.
    if (!exists) await stack.workspace.setTag(stackName, LAYOUT_TAG, layoutOf(settings));
    const operate = async (): Promise<Record<string, number | undefined>> => {
      switch (operation) {
        case "preview":
          return (await stack.preview({ ...common, ...packs })).changeSummary;
        case "up":
          return (await stack.up({ ...common, ...packs })).summary.resourceChanges ?? {};
        case "refresh":
          return (await stack.refresh(common)).summary.resourceChanges ?? {};
        case "destroy":
          return (await stack.destroy(common)).summary.resourceChanges ?? {};
      }
    };
    const { result: changes, recovered } = await withDeadLocksCleared(
      stack,
      breakStaleLocks,
      operate,
      (err) => failure(err).message,
    );
    if (operation === "up") recovered.push(...(await clearTakenOverPendingCreates(stack, common)));
    result = {
      ...base,
      recovered,
      status: "succeeded",
      changes: Object.fromEntries(
        Object.entries(changes).filter((e): e is [string, number] => e[1] !== undefined),
      ),
      policy: sortPolicy(policy),
      log,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (err) {
    const error = (err instanceof CommandError ? err : failure(err)).message;
    result = {
      ...base,
      status: "failed",
      policy: sortPolicy(policy),
      error,
      log,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await new Promise((resolve) => logStream.end(resolve));
  }
  progress.shardEnded(stackName, result.status !== "failed", result.seconds);
  return result;
}

function sortPolicy(lines: string[]): string[] {
  return [
    ...lines.filter((l) => l.startsWith("mandatory")),
    ...lines.filter((l) => !l.startsWith("mandatory")),
  ];
}

/**
 * Runs the operation on every shard (or the ones asked for), `settings.concurrency` at once, and returns
 * each shard's result in shard order.
 */
export async function runFleet(
  settings: FleetSettings,
  operation: FleetOperation,
  options: FleetRunOptions = {},
): Promise<ShardResult[]> {
  const customers = readFleetData(settings.data, settings.format);
  const byShard = assignShards(customers, settings.shards);
  let wanted = options.shards ?? byShard.map((_, n) => n);
  if (options.base !== undefined) {
    const touched = new Set(
      changedCustomers(readFleetData(options.base, settings.format), customers).map((id) =>
        shardOf(id, settings.shards),
      ),
    );
    wanted = wanted.filter((n) => touched.has(n));
  }
  const outOfRange = wanted.filter((n) => !Number.isInteger(n) || n < 0 || n >= settings.shards);
  if (outOfRange.length > 0) {
    throw new CommandError(
      `no shard ${outOfRange.join(", ")}: the fleet has shards 0 to ${settings.shards - 1}`,
    );
  }
  const workspace = await fleetWorkspace(settings);
  const stacks = await existingStacks(workspace);
  await requireCurrentLayout(settings, workspace, stacks);
  const exists = new Set(stacks);
  const progress = new FleetProgress(operation, wanted.length, options.progressStream);
  let results: ShardResult[];
  try {
    results = await inParallel(wanted, settings.concurrency, (shard) =>
      runShard(
        settings,
        operation,
        shard,
        byShard[shard],
        exists.has(stackOf(settings, shard)),
        progress,
        options.breakStaleLocks ?? false,
        options.budget,
      ),
    );
  } finally {
    progress.close();
  }
  return results;
}
