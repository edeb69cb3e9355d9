/**
 * Runs one real Pulumi operation (up, preview, refresh, destroy) on a program, through the Automation
 * API and the real Pulumi CLI (scripts/pulumi-cli.sh), with a local file backend and the passphrase
 * secrets provider, so nothing reaches the network.
 *
 * The program runs as an Automation API inline program: the CLI talks to it over the Automation API's
 * in-process language server (`pulumi up --client`), because the Go Node.js language host cannot be
 * built from the module proxy (see scripts/pulumi-cli.sh). Everything else is the real thing: the CLI,
 * the engine, checkpointing, and the dynamic-provider host that runs our providers.
 *
 *   tsx test/harness/run-stack.ts --program examples/quickstart --work-dir .work/stacks/demo --stack dev \
 *     --config-file config.json --result result.json up
 *
 * The program is a normal Pulumi program file or folder (index.ts); its exports become stack outputs.
 * `--work-dir` gets Pulumi.yaml and a node_modules link to the program's dependencies, because the CLI
 * starts the dynamic-provider host there and the host resolves `pulumi-mailreseller` from it.
 * Pulumi's own output streams to stdout; `--result` receives a JSON summary and the engine events.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { parseArgs } from "node:util";

import type * as automationTypes from "@pulumi/pulumi/automation";

type Automation = typeof automationTypes;
/** `init` creates (or selects) the stack, sets the config file's keys and runs nothing. */
type Operation = "init" | "up" | "preview" | "refresh" | "destroy";

/** `--config-file` holds `{ "mailreseller:partnerId": { "value": "…", "secret": false } }`. */
type ConfigFile = Record<string, { value: string; secret?: boolean }>;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    program: { type: "string" },
    "work-dir": { type: "string" },
    stack: { type: "string", default: "dev" },
    project: { type: "string", default: "mailreseller" },
    "state-dir": { type: "string" },
    "config-file": { type: "string" },
    result: { type: "string" },
    "policy-pack": { type: "string", multiple: true },
    "policy-pack-config": { type: "string", multiple: true },
    "expect-no-changes": { type: "boolean", default: false },
    // preview/up only: run the CLI itself with --json and put its JSON output in the result (cliJson).
    json: { type: "boolean", default: false },
    // With --json only: more arguments for the CLI itself, e.g. --cli-arg=--refresh.
    "cli-arg": { type: "string", multiple: true },
    parallel: { type: "string" },
    // up only: keep going past a failed resource, as `pulumi up --continue-on-error` does.
    "continue-on-error": { type: "boolean", default: false },
    // refresh only: drop the pending creates a killed run left, as `pulumi refresh --clear-pending-creates`.
    "clear-pending-creates": { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
  },
});

async function main(): Promise<void> {
  const op = positionals[0] as Operation | undefined;
  if (
    !op ||
    !["init", "up", "preview", "refresh", "destroy"].includes(op) ||
    !values.program ||
    !values["work-dir"]
  ) {
    throw new Error(
      "usage: run-stack.ts --program DIR_OR_FILE --work-dir DIR [--stack NAME] [--state-dir DIR] " +
        "[--config-file FILE] [--result FILE] [--policy-pack DIR] init|up|preview|refresh|destroy",
    );
  }
  const programPath = resolveProgram(path.resolve(values.program));
  const programDir = path.dirname(programPath);
  const workDir = path.resolve(values["work-dir"]);
  const stateDir = path.resolve(values["state-dir"] ?? path.join(workDir, "state"));
  fs.mkdirSync(stateDir, { recursive: true });
  linkNodeModules(programDir, workDir);

  // The program and the Automation API must share one @pulumi/pulumi: take it from the program's side.
  const auto = require(require.resolve("@pulumi/pulumi/automation", { paths: [programDir] })) as Automation;

  const cliBin = process.env.PULUMI_BIN_DIR;
  if (!cliBin)
    throw new Error(
      "PULUMI_BIN_DIR is not set: run through scripts/pulumi-cli.sh (npm test / npm run demo do)",
    );
  const pulumiHome = process.env.PULUMI_HOME ?? path.join(workDir, ".pulumi-home");
  const envVars: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "mailreseller-local-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    // Every plugin these programs use is local (the dynamic-provider launcher beside the CLI): a missing
    // one must fail, not be downloaded.
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_HOME: pulumiHome,
    PATH: `${cliBin}${path.delimiter}${process.env.PATH ?? ""}`,
  };
  Object.assign(process.env, envVars);

  const program = async () => {
    // A normal program: resources at top level, exports as stack outputs.
    const exported = require(programPath) as Record<string, unknown>;
    return { ...exported };
  };

  const pulumiCommand = await auto.PulumiCommand.get({ root: path.dirname(cliBin) });
  const stack = await auto.LocalWorkspace.createOrSelectStack(
    { stackName: values.stack, projectName: values.project, program },
    {
      workDir,
      pulumiHome,
      envVars,
      pulumiCommand,
      projectSettings: { name: values.project, runtime: "nodejs", backend: { url: `file://${stateDir}` } },
    },
  );
  if (values["config-file"]) {
    const config = JSON.parse(fs.readFileSync(values["config-file"], "utf8")) as ConfigFile;
    await stack.setAllConfig(config);
  }
  if (op === "init") {
    writeResult({ events: [] });
    return;
  }

  const events: unknown[] = [];
  const common = {
    onOutput: values.quiet ? undefined : (out: string) => process.stdout.write(out),
    onEvent: (event: unknown) => events.push(event),
    color: "never" as const,
    parallel: values.parallel ? Number(values.parallel) : undefined,
  };
  const policyPacks = values["policy-pack"]?.map((p) => path.resolve(p));
  const policyPackConfigs = values["policy-pack-config"]?.map((p) => path.resolve(p));
  if (values.json && (op === "preview" || op === "up")) {
    const { code, stdout, stderr } = await runCliWithJson(op, programDir, program, {
      cliBin,
      workDir,
      stack: values.stack,
      extraArgs: [
        ...(policyPacks ?? []).flatMap((p) => ["--policy-pack", p]),
        ...(policyPackConfigs ?? []).flatMap((p) => ["--policy-pack-config", p]),
        ...(values["cli-arg"] ?? []),
      ],
    });
    if (!values.quiet) process.stderr.write(stderr);
    // With PULUMI_ENABLE_STREAMING_JSON_PREVIEW set (below), preview --json streams the engine's events as
    // JSON lines, as up --json does: its one-document form leaves policy violations out.
    const events = jsonLines(stdout);
    writeResult({ cliExitCode: code, cliJson: { events }, events });
    if (code !== 0) process.exitCode = 1;
    return;
  }

  let result: Record<string, unknown>;
  try {
    switch (op) {
      case "up": {
        const up = await stack.up({
          ...common,
          policyPacks,
          policyPackConfigs,
          continueOnError: values["continue-on-error"],
        });
        result = { summary: withoutSecretConfig(up.summary), outputs: withoutSecretOutputs(up.outputs) };
        break;
      }
      case "preview": {
        const preview = await stack.preview({
          ...common,
          policyPacks,
          policyPackConfigs,
          expectNoChanges: values["expect-no-changes"],
        });
        result = { changeSummary: preview.changeSummary };
        break;
      }
      case "refresh": {
        const refresh = await stack.refresh({
          ...common,
          clearPendingCreates: values["clear-pending-creates"] || undefined,
        });
        result = { summary: withoutSecretConfig(refresh.summary) };
        break;
      }
      case "destroy": {
        const destroy = await stack.destroy({ ...common });
        result = { summary: withoutSecretConfig(destroy.summary) };
        break;
      }
    }
  } catch (err) {
    writeResult({ error: err instanceof Error ? err.message : String(err), events });
    throw err;
  }
  writeResult({ ...result, events });
}

/**
 * `pulumi preview|up --json` on the inline program: what the Automation API does (an in-process language
 * server the CLI reaches with `--client`), but with the CLI's own `--json` output, which the Automation API
 * does not expose. The server and gRPC come from the program's @pulumi/pulumi, the one the program uses.
 */
async function runCliWithJson(
  op: "preview" | "up",
  programDir: string,
  program: () => Promise<Record<string, unknown>>,
  opts: { cliBin: string; workDir: string; stack: string; extraArgs: string[] },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const fromPulumi = createRequire(require.resolve("@pulumi/pulumi", { paths: [programDir] }));
  const grpc = fromPulumi("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
  const { LanguageServer } = fromPulumi("./automation/server") as {
    LanguageServer: new (p: typeof program) => { onPulumiExit(hasError: boolean): void };
  };
  const langrpc = fromPulumi("./proto/language_grpc_pb") as { LanguageRuntimeService: never };
  const server = new grpc.Server();
  const languageServer = new LanguageServer(program);
  server.addService(langrpc.LanguageRuntimeService, languageServer as never);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const args = [
    op,
    "--json",
    "--stack",
    opts.stack,
    "--non-interactive",
    `--client=127.0.0.1:${port}`,
    "--exec-kind",
    "auto.inline",
    ...(op === "up" ? ["--yes", "--skip-preview"] : []),
    ...opts.extraArgs,
  ];
  const child = spawn(path.join(opts.cliBin, "pulumi"), args, {
    cwd: opts.workDir,
    env: { ...process.env, PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (c) => resolve(c ?? -1));
  });
  languageServer.onPulumiExit(code !== 0);
  server.forceShutdown();
  return { code, stdout, stderr };
}

/**
 * The Automation API reads the update's summary with `--show-secrets`, so its `config` holds secret values
 * in plain text: they never reach the result file.
 */
function withoutSecretConfig<T extends { config?: Record<string, { value: string; secret?: boolean }> }>(
  summary: T,
): T {
  const config = Object.fromEntries(
    Object.entries(summary.config ?? {}).map(([k, v]) => [k, v.secret ? { ...v, value: "[secret]" } : v]),
  );
  return { ...summary, config };
}

/** Secret stack outputs keep their flag, not their value. */
function withoutSecretOutputs(outputs: Record<string, { value: unknown; secret?: boolean }>) {
  return Object.fromEntries(
    Object.entries(outputs).map(([k, v]) => [k, v.secret ? { ...v, value: "[secret]" } : v]),
  );
}

function jsonLines(text: string): unknown[] {
  return text
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .map((line) => JSON.parse(line) as unknown);
}

function writeResult(result: Record<string, unknown>): void {
  if (values.result) fs.writeFileSync(values.result, JSON.stringify(result, null, 2));
}

function resolveProgram(p: string): string {
  if (fs.statSync(p).isFile()) return p;
  for (const name of ["index.ts", "index.js"]) {
    if (fs.existsSync(path.join(p, name))) return path.join(p, name);
  }
  throw new Error(`no index.ts or index.js in ${p}`);
}

// The CLI starts the dynamic-provider host in the work dir; it must find the program's packages there.
function linkNodeModules(programDir: string, workDir: string): void {
  fs.mkdirSync(workDir, { recursive: true });
  const target = findNodeModules(programDir);
  const link = path.join(workDir, "node_modules");
  if (fs.existsSync(link) && fs.realpathSync(link) === fs.realpathSync(target)) return;
  fs.rmSync(link, { force: true, recursive: true });
  fs.symlinkSync(target, link, "dir");
}

function findNodeModules(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", "pulumi-mailreseller");
    if (fs.existsSync(candidate)) return path.join(dir, "node_modules");
    if (path.dirname(dir) === dir) {
      throw new Error(`pulumi-mailreseller is not installed for ${from}: run scripts/install-examples.sh`);
    }
  }
}

main().catch((err: unknown) => {
  // The Automation API's errors carry the CLI's stderr; Pulumi's output already streamed above.
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
