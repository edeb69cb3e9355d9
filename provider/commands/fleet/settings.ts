/**
 * The fleet settings: one JSON file kept in the IaC repository (`mailreseller-fleet.json` by default), so
 * the shard count and the shard rule are reviewed like code, never flags a person must remember. Paths in
 * it are relative to the file.
 *
 *   {
 *     "project": "mailfleet",            the Pulumi project of every shard's stack
 *     "data": "customers.json",          the fleet's data file
 *     "format": "customers",             or "import-plan"
 *     "program": "customer.ts",          the module whose declareCustomer(customer, opts) declares one customer
 *     "shards": 8,
 *     "rule": "rendezvous-sha256",       the shard rule (./shards); recorded so a new rule is a deliberate change
 *     "stackPrefix": "shard-",           stacks shard-0 … shard-7
 *     "backend": "postgres://…",         optional: else PULUMI_BACKEND_URL (keep passwords in PGPASSWORD)
 *     "concurrency": 2,                  shards run at once on this machine
 *     "config": { "key": "value" },      plain stack config set on every shard
 *     "secretConfig": { "key": "ENV" },  secret stack config, each read from the named environment variable
 *     "policyPacks": [], "policyPackConfigs": []
 *   }
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { z } from "zod";

import { CommandError } from "../../core/transport/errors";
import { FLEET_DATA_FORMATS } from "./data";
import { SHARD_RULE } from "./shards";

/** Where the command looks for the settings when `--settings` is not given. */
export const DEFAULT_SETTINGS_FILE = "mailreseller-fleet.json";

const settingsSchema = z.strictObject({
  project: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, "a Pulumi project name"),
  data: z.string().min(1),
  format: z.enum(FLEET_DATA_FORMATS).default("customers"),
  program: z.string().min(1),
  shards: z.number().int().min(1).max(1000),
  rule: z.literal(SHARD_RULE).default(SHARD_RULE),
  stackPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,50}$/, "letters, digits, _ . -")
    .default("shard-"),
  backend: z.string().min(1).optional(),
  concurrency: z.number().int().min(1).max(64).default(2),
  config: z.record(z.string(), z.string()).default({}),
  secretConfig: z
    .record(z.string(), z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name"))
    .default({}),
  policyPacks: z.array(z.string()).default([]),
  policyPackConfigs: z.array(z.string()).default([]),
});

/** The settings as the command uses them: paths absolute, the backend resolved. */
export interface FleetSettings extends Omit<z.infer<typeof settingsSchema>, "backend"> {
  /** The settings file itself. */
  file: string;
  /** The folder of the settings file: the fleet's home, where the shards' work folders are kept. */
  dir: string;
  backend: string;
}

/** The stack name of shard `n`. */
export function stackOf(settings: Pick<FleetSettings, "stackPrefix">, shard: number): string {
  return `${settings.stackPrefix}${shard}`;
}

/**
 * Reads and checks the settings file; every failure names the file and the setting. The backend comes from
 * the file or else from PULUMI_BACKEND_URL, and must be one all shards share (never a local default).
 */
export function readFleetSettings(file: string, env: NodeJS.ProcessEnv = process.env): FleetSettings {
  const { abs, data } = parseSettingsFile(file);
  const dir = path.dirname(abs);
  const backend = data.backend ?? env.PULUMI_BACKEND_URL;
  if (backend === undefined || backend === "") {
    throw new CommandError(
      `${abs}: no state backend: set "backend" (e.g. postgres://host:5432/pulumi, password in PGPASSWORD) ` +
        "or PULUMI_BACKEND_URL; every shard must use the same one",
    );
  }
  const missing = Object.values(data.secretConfig).filter((name) => env[name] === undefined);
  if (missing.length > 0) {
    throw new CommandError(
      `${abs}: secretConfig reads ${missing.join(", ")}, which the environment does not set`,
    );
  }
  const within = (p: string) => path.resolve(dir, p);
  return {
    ...data,
    file: abs,
    dir,
    backend,
    data: within(data.data),
    program: within(data.program),
    ...policyPacksOf(abs, data),
  };
}

/**
 * Only the policy packs and their configs (paths absolute): what `fleet gather` needs to judge the
 * fleet's credit budget, in a job that has neither the backend nor the secrets.
 */
export function readFleetPolicyPacks(file: string): Pick<FleetSettings, "policyPacks" | "policyPackConfigs"> {
  const { abs, data } = parseSettingsFile(file);
  return policyPacksOf(abs, data);
}

function parseSettingsFile(file: string): { abs: string; data: z.infer<typeof settingsSchema> } {
  const abs = path.resolve(file);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(abs, "utf8"));
  } catch (err) {
    throw new CommandError(`cannot read the fleet settings ${abs}: ${(err as Error).message}`);
  }
  const parsed = settingsSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new CommandError(`${abs}: ${issues}`);
  }
  return { abs, data: parsed.data };
}

function policyPacksOf(abs: string, data: z.infer<typeof settingsSchema>) {
  const within = (p: string) => path.resolve(path.dirname(abs), p);
  return { policyPacks: data.policyPacks.map(within), policyPackConfigs: data.policyPackConfigs.map(within) };
}
