/**
 * The fleet's stacks on their shared backend: listing them, reading their state, and the layout tag that
 * says by which rule and shard count a stack's customers were placed. The tag is what keeps a changed
 * shard count from deleting customers: after `"shards"` changes, a shard's program no longer declares the
 * customers the new rule sends elsewhere, so running it before they were moved would delete them at the
 * vendor. Every operation but `reshard` therefore refuses while any stack carries another layout, and
 * `reshard` sets the new one only once every customer sits where the rule puts it.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { LocalWorkspace } from "@pulumi/pulumi/automation";
import pLimit from "p-limit";

import { journalSetting } from "../../core/resource/journal";
import { envVarFor } from "../../core/transport/config";
import { CommandError } from "../../core/transport/errors";
import { failure } from "../workspace";
import type { FleetSettings } from "./settings";

/** The stack tag that records a stack's layout, `<rule>/<shards>`. */
export const LAYOUT_TAG = "mailreseller:fleet-layout";

export function layoutOf(settings: Pick<FleetSettings, "rule" | "shards">): string {
  return `${settings.rule}/${settings.shards}`;
}

/** The environment variables by which Pulumi's DIY backends choose how to compress a checkpoint. */
const COMPRESSION_SETTINGS = [
  "PULUMI_DIY_BACKEND_GZIP",
  "PULUMI_DIY_BACKEND_ZSTD",
  "PULUMI_SELF_MANAGED_STATE_GZIP",
  "PULUMI_SELF_MANAGED_STATE_ZSTD",
];

/**
 * The environment of every Pulumi process the fleet starts. `PULUMI_DIY_BACKEND_PARALLEL=1` works around a
 * deadlock in Pulumi's PostgreSQL backend (seen in 3.276, pkg/backend/diy/postgres/bucket.go): its list
 * call keeps one connection open on its cursor while it reads each key's metadata on another, and
 * `pulumi stack ls` runs ten such lists at once (diy/backend.go, `getParallel`) against a pool of
 * 2 × GOMAXPROCS connections, so on a machine with four cores or fewer a project with that many stacks
 * hangs for ever. One list at a time needs two connections, which every pool has.
 *
 * `PULUMI_DIY_BACKEND_GZIP=true`, unless the environment chooses a compression itself: a DIY backend
 * writes the whole checkpoint after every step, and copies the previous one to `.bak` first
 * (diy/state.go, `saveCheckpoint`), so a shard's `up` costs its checkpoint's size at every step. Gzipped,
 * a checkpoint is about a seventeenth of its size; `npm run bench -- --fleet 1250 --state-compression
 * none|gzip` measured `up` of two shards of 625 resources at 254 s plain and 94 s gzipped. Pulumi reads
 * either form whatever the setting, and a run without it writes plain JSON again (`saveCheckpoint`
 * handles the switch), so a person running `pulumi` by hand on a shard needs nothing.
 */
export function fleetEnv(
  settings: Pick<FleetSettings, "backend" | "config">,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: settings.backend,
    PULUMI_DIY_BACKEND_PARALLEL: "1",
    ...(COMPRESSION_SETTINGS.some((name) => env[name] !== undefined)
      ? {}
      : { PULUMI_DIY_BACKEND_GZIP: "true" }),
    // MailUp activations are recorded where the fleet's state is, unless the settings or the environment
    // name another place (core/resource/journal): the database every shard and every CI job reaches.
    ...(/^postgres(ql)?:\/\//.test(settings.backend) &&
    settings.config["mailreseller:activationJournal"] === undefined &&
    env[envVarFor(journalSetting.key)] === undefined
      ? { [envVarFor(journalSetting.key)]: settings.backend }
      : {}),
  };
}

/** The fleet project's folder for commands that work on all its stacks (no program runs there). */
export async function fleetWorkspace(settings: FleetSettings): Promise<LocalWorkspace> {
  const workDir = path.join(settings.dir, ".mailreseller-fleet", settings.project);
  fs.mkdirSync(workDir, { recursive: true });
  try {
    return await LocalWorkspace.create({
      workDir,
      projectSettings: { name: settings.project, runtime: "nodejs", backend: { url: settings.backend } },
      envVars: fleetEnv(settings),
    });
  } catch (err) {
    throw new CommandError(`cannot open the fleet's project on its backend: ${failure(err).message}`);
  }
}

/** The names of the fleet project's stacks that exist on the backend. */
export async function existingStacks(workspace: LocalWorkspace): Promise<string[]> {
  try {
    return (await workspace.listStacks()).map((s) => s.name.split("/").pop() ?? s.name);
  } catch (err) {
    throw new CommandError(`cannot list the fleet's stacks on its backend: ${failure(err).message}`);
  }
}

/** Runs `task` on every item, `limit` at once (p-limit); results in the items' order. */
export function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const run = pLimit(limit);
  return Promise.all(items.map((item) => run(() => task(item))));
}

/** The stacks whose layout tag is another than the settings' (a stack without the tag holds nothing yet). */
export async function staleLayouts(
  settings: FleetSettings,
  workspace: LocalWorkspace,
  stacks: readonly string[],
): Promise<{ stack: string; layout: string }[]> {
  const want = layoutOf(settings);
  const tags = await inParallel(stacks, 8, async (stack) => {
    try {
      return (await workspace.listTags(stack))[LAYOUT_TAG];
    } catch (err) {
      throw new CommandError(`cannot read the tags of stack ${stack}: ${failure(err).message}`);
    }
  });
  return stacks
    .map((stack, i) => ({ stack, layout: tags[i] }))
    .filter((s): s is { stack: string; layout: string } => s.layout !== undefined && s.layout !== want);
}

/** Refuses to run while a stack's customers were placed by another layout. */
export async function requireCurrentLayout(
  settings: FleetSettings,
  workspace: LocalWorkspace,
  stacks: readonly string[],
): Promise<void> {
  const stale = await staleLayouts(settings, workspace, stacks);
  if (stale.length > 0) {
    throw new CommandError(
      `the fleet settings place customers by ${layoutOf(settings)}, but ${stale
        .map((s) => `${s.stack} holds them by ${s.layout}`)
        .join(
          ", ",
        )}: run \`pulumi-mailreseller fleet reshard\` first (it moves them through state, with no ` +
        "vendor call); running a shard before that would delete the customers the new layout moves away",
    );
  }
}
