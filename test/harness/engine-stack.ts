/**
 * The engine tests' harness (the fault soak uses it too): drives the real Pulumi CLI, each operation
 * running ./run-stack.ts in its own Node process (the program must be loaded by plain Node `require`,
 * which Pulumi's serializer relies on and jest's module registry is not), against a local file backend
 * in a temp folder; `sandboxUrl` points a stack at the sandbox (./sandbox-config has the other forms).
 *
 * Programs are written to a folder whose node_modules links to examples/node_modules, where
 * scripts/install-examples.sh put the packed package: the program imports "pulumi-mailreseller" by name.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { type StackConfigEntry, sandboxStackConfig } from "../../sandbox/provider-config";
import { disposeTempDir, repoRoot, spawnCollect } from "./local-cli";

export { repoRoot };

/**
 * Node.js arguments that run ./run-stack.ts under tsx, `spawn(process.execPath, [...RUN_STACK, …flags, op])`:
 * how the engine tests, the soak, the demo, the GitOps preview and the bench run a stack.
 */
export const RUN_STACK: readonly string[] = [
  path.join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"),
  path.join(__dirname, "run-stack.ts"),
];

/** The CLI's version, e.g. [3, 276, 0], from `pulumi version` in PULUMI_BIN_DIR (or on PATH). */
export function cliVersion(): number[] {
  const bin = process.env.PULUMI_BIN_DIR ? path.join(process.env.PULUMI_BIN_DIR, "pulumi") : "pulumi";
  const text = execFileSync(bin, ["version"], { encoding: "utf8" }).trim();
  return text.replace(/^v/, "").split(/[.-]/).slice(0, 3).map(Number);
}

function hasNodeLanguageHost(): boolean {
  const dirs = [process.env.PULUMI_BIN_DIR, ...(process.env.PATH ?? "").split(path.delimiter)];
  return dirs.some((dir) => dir && fs.existsSync(path.join(dir, "pulumi-language-nodejs")));
}

/**
 * What to pass to `--policy-pack` for the pack in `packDir` with this machine's CLI. A normal Pulumi
 * install runs a pack folder through its Node.js language host. Without that host (it cannot be built
 * here, see scripts/pulumi-cli.sh), CLIs up to at least 3.246 fall back to the
 * `pulumi-analyzer-policy-nodejs` launcher beside the CLI, and newer ones (3.276) no longer do but run an
 * executable policy pack (pulumi/pulumi#24052): the pack's own `run-policy-pack`.
 */
export function policyPackArgument(packDir: string): string {
  if (hasNodeLanguageHost()) return packDir;
  const [major, minor] = cliVersion();
  return major > 3 || (major === 3 && minor >= 276) ? path.join(packDir, "run-policy-pack") : packDir;
}
const examplesNodeModules = path.join(repoRoot, "examples", "node_modules");

/**
 * The `pulumi-mailreseller` command of the package installed at `packageDir` (examples/node_modules' packed
 * copy by default): the file its package.json "bin" names, the one `npx pulumi-mailreseller` runs.
 */
export function installedCommand(packageDir = path.join(examplesNodeModules, "pulumi-mailreseller")): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
    bin: Record<string, string>;
  };
  return path.join(packageDir, manifest.bin["pulumi-mailreseller"]);
}

/** One step the engine reported, from its resource-pre events. */
export interface EngineStep {
  op: string;
  urn: string;
  type: string;
  /** The properties that cause a replacement, on replace steps. */
  keys?: string[];
  old?: { id?: string; inputs?: Record<string, unknown> };
  new?: { id?: string; inputs?: Record<string, unknown> };
}

/** What one operation returned. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The Automation API's result: summary / changeSummary / outputs, or error. */
  result: {
    summary?: { result: string; resourceChanges?: Record<string, number> };
    changeSummary?: Record<string, number>;
    outputs?: Record<string, { value: unknown; secret: boolean }>;
    error?: string;
    events: EngineEvent[];
    /** With `--json`: the CLI's own `--json` output, parsed, and its exit code. */
    cliJson?: CliJson;
    cliExitCode?: number;
  };
  /** The steps the engine planned or took, per resource (stack resource excluded). */
  steps: EngineStep[];
  /** Diagnostics the engine reported (errors and warnings), from the event stream. */
  diagnostics: { severity: string; message: string; urn?: string }[];
  /** Policy violations the engine reported, from the event stream. */
  policyViolations: PolicyViolation[];
}

/** A policy event from the CLI's JSON event stream. */
export interface PolicyViolation {
  policyName: string;
  policyPackName: string;
  enforcementLevel: string;
  message: string;
  resourceUrn?: string;
}

/** What `pulumi preview|up --json` prints (the fields the tests read). */
export interface CliJson {
  steps?: { op: string; urn: string }[];
  diagnostics?: { message: string; severity: string; urn?: string }[];
  policies?: unknown;
  changeSummary?: Record<string, number>;
  [key: string]: unknown;
}

interface EngineEvent {
  resourcePreEvent?: { metadata: EngineStep };
  diagnosticEvent?: { severity: string; message: string; urn?: string };
  policyEvent?: PolicyViolation;
}

export interface EngineStackOptions {
  /** Used for the temp folder and the stack name. */
  name: string;
  /**
   * The URL of a running sandbox: the stack's config points every vendor at it with the sandbox's
   * credentials (sandbox/provider-config.ts), the one way a test points a stack at the sandbox. Entries of
   * `config` take precedence.
   */
  sandboxUrl?: string;
  /**
   * Stack config, e.g. `{ "engine-test:password": { value: "…", secret: true } }`, set before every
   * operation (with `sandboxUrl`'s), with the deletion guard off unless it says otherwise. With neither,
   * the stack's config is only what commands run in it set (`pulumi config set` through
   * {@link EngineStack.command}), as for a stack made by hand, and the deletion guard keeps its default (on).
   */
  config?: Record<string, StackConfigEntry>;
  /** Environment of the CLI and the provider host. */
  env?: Record<string, string>;
  /**
   * A user's project folder (its index.ts and its own node_modules) to run instead of a program written
   * by the test against examples/node_modules.
   */
  projectDir?: string;
}

/** A stack of a small program written by the test, in a temp folder with its own file backend. */
export class EngineStack {
  readonly dir: string;
  readonly programDir: string;
  readonly workDir: string;
  readonly stateDir: string;
  readonly project = "engine-test";
  readonly stack: string;
  /** Everything every operation printed, stdout and stderr, for leak checks. */
  transcript = "";
  /** Whether the stack's config comes from the options (config.json, passed to every operation). */
  private readonly hasConfigFile: boolean;

  constructor(private readonly options: EngineStackOptions) {
    if (
      options.projectDir === undefined &&
      !fs.existsSync(path.join(examplesNodeModules, "pulumi-mailreseller"))
    ) {
      throw new Error(
        "examples/node_modules has no pulumi-mailreseller: run `npm test` (it runs scripts/install-examples.sh)",
      );
    }
    if (!process.env.PULUMI_BIN_DIR) {
      throw new Error("PULUMI_BIN_DIR is not set: run `npm test`, which builds or finds the Pulumi CLI");
    }
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `mailreseller-${options.name}-`));
    this.programDir = options.projectDir ?? path.join(this.dir, "program");
    this.workDir = path.join(this.dir, "work");
    this.stateDir = path.join(this.dir, "state");
    this.stack = options.name;
    if (options.projectDir === undefined) {
      fs.mkdirSync(this.programDir, { recursive: true });
      fs.symlinkSync(examplesNodeModules, path.join(this.programDir, "node_modules"), "dir");
    }
    // Engine tests create, replace and destroy freely, so the deletion guard (protect on every billable
    // resource, on by default) is off unless a test's config turns it back on.
    this.hasConfigFile = options.config !== undefined || options.sandboxUrl !== undefined;
    if (this.hasConfigFile) {
      const config = {
        "mailreseller:deletionGuard": { value: "false" },
        ...(options.sandboxUrl !== undefined ? sandboxStackConfig(options.sandboxUrl) : {}),
        ...options.config,
      };
      fs.writeFileSync(path.join(this.dir, "config.json"), JSON.stringify(config));
    }
  }

  /** Replaces the program: the next operation runs this source as index.ts. */
  writeProgram(source: string): void {
    fs.writeFileSync(path.join(this.programDir, "index.ts"), source);
  }

  /** ./run-stack.ts (under tsx) on this stack: everything but the result file, extra flags and op. */
  private runStackArgs(): string[] {
    return [
      ...RUN_STACK,
      "--program",
      this.programDir,
      "--work-dir",
      this.workDir,
      "--state-dir",
      this.stateDir,
      "--stack",
      this.stack,
      "--project",
      this.project,
      ...(this.hasConfigFile ? ["--config-file", path.join(this.dir, "config.json")] : []),
    ];
  }

  /**
   * Creates the stack (and the work folder's Pulumi.yaml) and runs nothing, as `pulumi stack init` does, so
   * that commands such as `pulumi config set` can run in it ({@link command}) before the first operation.
   */
  async init(): Promise<void> {
    const args = [...this.runStackArgs(), "--quiet", "init"];
    const { code, stdout, stderr } = await spawnCollect(process.execPath, args, {
      ...process.env,
      ...this.options.env,
    });
    this.transcript += stdout + stderr;
    if (code !== 0) throw new Error(`run-stack init failed (exit ${code}):\n${stdout}\n${stderr}`);
  }

  /** Runs up, preview, refresh or destroy through the real CLI. */
  async run(op: "up" | "preview" | "refresh" | "destroy", extraArgs: string[] = []): Promise<RunResult> {
    const resultFile = path.join(this.dir, `result-${op}-${Date.now()}.json`);
    const args = [...this.runStackArgs(), "--result", resultFile, ...extraArgs, op];
    const { code, stdout, stderr } = await spawnCollect(process.execPath, args, {
      ...process.env,
      ...this.options.env,
    });
    this.transcript += stdout + stderr;
    if (!fs.existsSync(resultFile)) {
      throw new Error(`run-stack ${op} wrote no result (exit ${code}):\n${stdout}\n${stderr}`);
    }
    const result = JSON.parse(fs.readFileSync(resultFile, "utf8")) as RunResult["result"];
    const steps = result.events
      .map((e) => e.resourcePreEvent?.metadata)
      .filter((m): m is EngineStep => m !== undefined && m.type !== "pulumi:pulumi:Stack");
    const diagnostics = result.events
      .map((e) => e.diagnosticEvent)
      .filter((d): d is NonNullable<EngineEvent["diagnosticEvent"]> => d !== undefined);
    const policyViolations = result.events
      .map((e) => e.policyEvent)
      .filter((p): p is PolicyViolation => p !== undefined);
    return { code, stdout, stderr, result, steps, diagnostics, policyViolations };
  }

  /**
   * Starts `op` as {@link run} does and, once `when()` resolves, kills it with SIGKILL: the runner, the
   * CLI, the provider host and everything else it started, at once, as a dead machine would. Returns when
   * every one of them has exited.
   */
  async runUntilKilled(op: "up" | "destroy", when: () => Promise<void>): Promise<void> {
    const args = [...this.runStackArgs(), op];
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, ...this.options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (d: Buffer) => (this.transcript += d.toString()));
    child.stderr.on("data", (d: Buffer) => (this.transcript += d.toString()));
    const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
    await Promise.race([
      when(),
      exited.then(() => Promise.reject(new Error(`${op} ended before the kill point`))),
    ]);
    await killTree(child.pid ?? -1);
    await exited;
  }

  /**
   * Runs a command (e.g. the installed package's `pulumi-mailreseller unprotect`) as an operator would in
   * this stack's project folder: the CLI on PATH, the stack's file backend and passphrase (run-stack.ts's).
   */
  async command(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const result = await spawnCollect(file, args, this.operatorEnv(), this.workDir);
    this.transcript += result.stdout + result.stderr;
    return result;
  }

  /** The environment of {@link command}. */
  private operatorEnv(): NodeJS.ProcessEnv {
    const cliBin = process.env.PULUMI_BIN_DIR ?? "";
    return {
      ...process.env,
      ...this.options.env,
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "mailreseller-local-passphrase",
      PULUMI_HOME: process.env.PULUMI_HOME ?? path.join(this.workDir, ".pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PATH: `${cliBin}${path.delimiter}${process.env.PATH ?? ""}`,
    };
  }

  /**
   * For a stack with neither `config` nor `sandboxUrl`, whose config commands set (`pulumi config set`):
   * writes that config, secrets in plain text, to the stack's config.json, the file the credential scan
   * that ends `npm test` reads the suite's secrets from (and never scans), so that it looks for these too.
   * Call it once the config is set; the harness never passes this file to such a stack. (Not through
   * {@link command}: the transcript, which the scan reads, must not hold the secrets.)
   */
  async recordConfigForScan(): Promise<void> {
    if (this.hasConfigFile)
      throw new Error("this stack's config.json is its `config` and `sandboxUrl` options");
    const env = this.operatorEnv();
    const { code, stdout, stderr } = await spawnCollect(
      "pulumi",
      ["config", "--show-secrets", "--json"],
      env,
      this.workDir,
    );
    if (code !== 0) throw new Error(`pulumi config --json failed (exit ${code}): ${stderr}`);
    fs.writeFileSync(path.join(this.dir, "config.json"), stdout);
  }

  /** The raw checkpoint file the file backend wrote. */
  stateText(): string {
    const file = path.join(this.stateDir, ".pulumi", "stacks", this.project, `${this.stack}.json`);
    return fs.readFileSync(file, "utf8");
  }

  /** The resources of the latest checkpoint; none before the first operation wrote one. */
  resources(): StateResource[] {
    const file = path.join(this.stateDir, ".pulumi", "stacks", this.project, `${this.stack}.json`);
    if (!fs.existsSync(file)) return [];
    const state = JSON.parse(this.stateText()) as {
      checkpoint: { latest?: { resources?: StateResource[] } };
    };
    return state.checkpoint.latest?.resources ?? [];
  }

  /** Every resource of one type in the latest checkpoint. */
  resourcesOfType(type: string): StateResource[] {
    return this.resources().filter((r) => r.type === type);
  }

  /**
   * Removes the temp folder, unless MAILRESELLER_KEEP_ENGINE_DIRS is set (for debugging a failure). When
   * MAILRESELLER_TEST_ARTIFACTS names a folder (`npm test` sets it), the stack's files and its transcript
   * are kept there first, for the credential scan that ends `npm test` (scripts/credential-scan.ts).
   */
  dispose(): void {
    disposeTempDir(this.dir, this.transcript);
  }
}

/** Every process below `root`, from /proc (Linux), children first found, deepest last. */
/**
 * SIGKILL to a process and every descendant at once, as a machine's death would: the runner, the CLI and
 * the provider host. Waits until the processes that left its group (the CLI starts plugins in their own)
 * are gone too.
 */
export async function killTree(root: number): Promise<void> {
  const tree = descendants(root);
  for (const pid of [root, ...tree]) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  for (let i = 0; i < 100 && tree.some(isAlive); i++) await new Promise((r) => setTimeout(r, 50));
}

function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) may hold spaces: the parent pid is the second field after its ")".
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const [child, parent] of parents) {
      if (parent === pid) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A resource as the checkpoint stores it. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** The engine's `protect` flag (the deletion guard sets it on billable resources). */
  protect?: boolean;
}
