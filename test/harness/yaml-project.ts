/**
 * A `runtime: yaml` Pulumi project in a temp folder, run by the real Pulumi CLI as a YAML user runs it:
 * `pulumi stack init`, `config set`, `up`, `preview`, `refresh`, `destroy`, `import`, `stack export`, each
 * a plain CLI call in the project folder, with `--json` where the CLI has it. The CLI runs the program
 * through its YAML language host (pulumi-language-yaml, which scripts/pulumi-cli.sh puts beside the CLI),
 * so this is the one harness where no Node.js program is involved: what the native provider plugin
 * (`plugins.providers` in Pulumi.yaml) serves to YAML programs.
 *
 * Each project has its own file backend and Pulumi home in the temp folder, passphrase secrets, no update
 * check and no plugin download: nothing reaches the network unless the environment given to a call points
 * a provider at it (e.g. a sandbox's URL).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import * as yaml from "js-yaml";

import type { StackConfigEntry } from "../../sandbox/provider-config";
import type { EngineStep, PolicyViolation, StateResource } from "./engine-stack";
import { cliBinDir, disposeTempDir, spawnCollect } from "./local-cli";

/** The program part of Pulumi.yaml: serialized as given (keys such as `fn::join` and `${x}` included). */
export interface YamlProgram {
  /** Typed config declarations, `{ greeting: { type: "string" } }`. */
  config?: Record<string, unknown>;
  variables?: Record<string, unknown>;
  resources?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** Anything else pulumi-yaml reads from Pulumi.yaml (e.g. `description`). */
  [key: string]: unknown;
}

/** A `plugins.providers` entry: the provider `name` is served by the plugin executable in folder `path`. */
export interface LocalProviderPlugin {
  name: string;
  path: string;
  version?: string;
}

export interface YamlProjectOptions {
  /** Used for the temp folder and the stack name. */
  name: string;
  /** The project's name, the namespace of its config keys; `yaml-test` unless given. */
  project?: string;
  program: YamlProgram;
  /** Local provider plugins, written to Pulumi.yaml's `plugins.providers`. */
  providers?: LocalProviderPlugin[];
  /**
   * Stack config set by {@link YamlProject.init} (`pulumi config set [--secret]`), keys with or without the
   * project's namespace: `{ greeting: { value: "hi" }, "mailreseller:apiKey": { value: "…", secret: true } }`.
   */
  config?: Record<string, StackConfigEntry>;
  /** Environment of every CLI call (and so of the language host and the providers), e.g. vendor URLs. */
  env?: Record<string, string>;
}

/** What every CLI call returns. */
export interface CliRun {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  /** stdout then stderr, for error messages. */
  output: string;
}

/** An engine event of the CLI's `--json` stream (the fields the tests read). */
export interface EngineEventJson {
  sequence?: number;
  preludeEvent?: { config: Record<string, string> };
  resourcePreEvent?: { metadata: EngineStep };
  resOutputsEvent?: { metadata: EngineStep };
  diagnosticEvent?: { severity: string; message: string; urn?: string };
  policyEvent?: PolicyViolation;
  summaryEvent?: { resourceChanges?: Record<string, number>; maybeCorrupt?: boolean };
  [key: string]: unknown;
}

/** A step of the one-document `--json` form (preview, and the preview phase of up, refresh, destroy). */
export interface JsonDocumentStep {
  op: string;
  urn: string;
  oldState?: { type?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
  newState?: { type?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
  detailedDiff?: Record<string, unknown> | null;
}

/** The one-document `--json` form (`preview --json`, the preview phase of up, refresh, destroy, import). */
export interface PreviewDocument {
  config?: Record<string, string>;
  steps?: JsonDocumentStep[];
  changeSummary?: Record<string, number>;
  diagnostics?: { severity: string; message: string; urn?: string }[];
  [key: string]: unknown;
}

/**
 * What an operation with `--json` printed, parsed. The CLI prints its preview as one JSON document
 * (`preview --json`; `up`, `refresh`, `destroy` and `import` print their preview phase so too) and streams
 * the update itself as engine events, one JSON line each (and the preview too with `streamEvents`).
 */
export interface OperationResult extends CliRun {
  /** The one-document preview, if the CLI printed one. */
  preview?: PreviewDocument;
  events: EngineEventJson[];
  /**
   * The steps, stack resource excluded: the events' resource-pre steps when there are events, otherwise
   * the preview document's (op, urn, type).
   */
  steps: { op: string; urn: string; type?: string }[];
  /** The update's resource changes (its summary event), otherwise the preview document's. */
  changeSummary: Record<string, number>;
  /** Every diagnostic of the events and of the document, the YAML host's debug messages included. */
  diagnostics: { severity: string; message: string; urn?: string }[];
  policyViolations: PolicyViolation[];
}

export interface OperationOptions {
  /** Extra environment for this call. */
  env?: Record<string, string>;
  /** Extra CLI arguments, e.g. `["--refresh"]`, `["--target", urn]`. */
  args?: string[];
  /** `--policy-pack` arguments (see policyPackArgument in ./engine-stack). */
  policyPacks?: string[];
  /** Return a failed call's result instead of throwing. */
  allowFailure?: boolean;
}

export interface ImportSpec {
  type: string;
  name: string;
  id: string;
}

/** A YAML project and one stack of it, in a temp folder with its own file backend. */
export class YamlProject {
  readonly dir: string;
  readonly projectDir: string;
  readonly stateDir: string;
  readonly homeDir: string;
  readonly project: string;
  readonly stack: string;
  /** Everything every call printed, stdout and stderr, kept for the credential scan. */
  transcript = "";
  /** The config set so far, secrets in plain text: config.json, which the credential scan reads. */
  private readonly configSet: Record<string, StackConfigEntry> = {};

  constructor(private readonly options: YamlProjectOptions) {
    cliBinDir();
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `mailreseller-yaml-${options.name}-`));
    this.projectDir = path.join(this.dir, "project");
    this.stateDir = path.join(this.dir, "state");
    this.homeDir = path.join(this.dir, ".pulumi-home");
    for (const d of [this.projectDir, this.stateDir, this.homeDir]) fs.mkdirSync(d, { recursive: true });
    this.project = options.project ?? "yaml-test";
    this.stack = options.name;
    this.writeProgram(options.program, options.providers);
  }

  /** (Re)writes Pulumi.yaml: the next operation runs this program. */
  writeProgram(program: YamlProgram, providers = this.options.providers): void {
    const document: Record<string, unknown> = {
      name: this.project,
      runtime: "yaml",
      ...(providers?.length
        ? {
            plugins: {
              providers: providers.map((p) => ({
                name: p.name,
                path: path.resolve(p.path),
                ...(p.version !== undefined ? { version: p.version } : {}),
              })),
            },
          }
        : {}),
      ...program,
    };
    fs.writeFileSync(path.join(this.projectDir, "Pulumi.yaml"), yaml.dump(document, { lineWidth: -1 }));
  }

  /** `pulumi stack init` and the options' config. */
  async init(): Promise<void> {
    await this.cli(["stack", "init", this.stack]);
    for (const [key, entry] of Object.entries(this.options.config ?? {})) {
      await this.setConfig(key, entry.value, { secret: entry.secret });
    }
  }

  /**
   * `pulumi config set [--secret] KEY` with the value on stdin, so it is never on a command line or in an
   * error message; recorded in config.json for the credential scan.
   */
  async setConfig(key: string, value: string, options: { secret?: boolean } = {}): Promise<void> {
    // --plaintext says so explicitly: the CLI refuses a plain value whose key looks like a secret's
    // (`mailreseller:mailupTokenUrl`) without one of the two.
    const args = ["config", "set", key, options.secret ? "--secret" : "--plaintext", "--stack", this.stack];
    await this.cli(args, { input: value });
    this.configSet[key] = { value, ...(options.secret ? { secret: true } : {}) };
    fs.writeFileSync(path.join(this.dir, "config.json"), JSON.stringify(this.configSet, null, 2));
  }

  /** `pulumi up --yes --json`, its preview phase first unless `skipPreview`. */
  up(options: OperationOptions & { skipPreview?: boolean } = {}): Promise<OperationResult> {
    return this.operation(["up", "--yes", ...(options.skipPreview ? ["--skip-preview"] : [])], options);
  }

  /**
   * `pulumi preview --json`: one document (steps, changeSummary, diagnostics), or with `streamEvents` the
   * engine's events (PULUMI_ENABLE_STREAMING_JSON_PREVIEW), which also carry policy violations.
   */
  preview(
    options: OperationOptions & { streamEvents?: boolean; expectNoChanges?: boolean } = {},
  ): Promise<OperationResult> {
    return this.operation(["preview", ...(options.expectNoChanges ? ["--expect-no-changes"] : [])], {
      ...options,
      env: {
        ...(options.streamEvents ? { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" } : {}),
        ...options.env,
      },
    });
  }

  /** `pulumi refresh --yes --json`. */
  refresh(options: OperationOptions = {}): Promise<OperationResult> {
    return this.operation(["refresh", "--yes"], options);
  }

  /** `pulumi destroy --yes --json`. */
  destroy(options: OperationOptions = {}): Promise<OperationResult> {
    return this.operation(["destroy", "--yes"], options);
  }

  /**
   * `pulumi import TYPE NAME ID --yes --json --out FILE` (several resources through `--file`, written
   * here from a list or given as a bulk import file such as `import-plan --import-file` writes).
   * `generatedCode` is the YAML the CLI generated for them (none with `generateCode: false`). Imported
   * resources are protected unless `protect: false`.
   */
  async import(
    resources: ImportSpec | ImportSpec[] | { file: string },
    options: OperationOptions & { generateCode?: boolean; protect?: boolean } = {},
  ): Promise<OperationResult & { generatedCode?: string }> {
    const out = path.join(this.dir, `import-${Date.now()}.yaml`);
    let what: string[];
    if (Array.isArray(resources)) {
      const file = path.join(this.dir, `import-${Date.now()}.json`);
      fs.writeFileSync(file, JSON.stringify({ resources }, null, 2));
      what = ["--file", file];
    } else if ("file" in resources) {
      what = ["--file", resources.file];
    } else {
      what = [resources.type, resources.name, resources.id];
    }
    const generateCode = options.generateCode ?? true;
    const result = await this.operation(
      [
        "import",
        ...what,
        "--yes",
        ...(generateCode ? ["--out", out] : ["--generate-code=false"]),
        ...(options.protect !== undefined ? [`--protect=${options.protect}`] : []),
      ],
      options,
    );
    return { ...result, generatedCode: fs.existsSync(out) ? fs.readFileSync(out, "utf8") : undefined };
  }

  /** `pulumi stack export`: the deployment as the backend stores it (secrets encrypted), parsed and raw. */
  async exportState(): Promise<{ text: string; deployment: StackDeployment }> {
    const { stdout } = await this.cli(["stack", "export", "--stack", this.stack]);
    return { text: stdout, deployment: JSON.parse(stdout) as StackDeployment };
  }

  /** `pulumi stack output --json`: the stack's outputs, secret ones as "[secret]". */
  async outputs(): Promise<Record<string, unknown>> {
    const { stdout } = await this.cli(["stack", "output", "--json", "--stack", this.stack]);
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  /**
   * Runs the CLI with `args` in the project folder (plus `--non-interactive --color never`), in the
   * project's environment, the options' and `env`. Throws, with the end of its stderr, if it fails, unless
   * `allowFailure`.
   */
  async cli(
    args: string[],
    options: { env?: Record<string, string>; input?: string; allowFailure?: boolean } = {},
  ): Promise<CliRun> {
    const fullArgs = [...args, "--non-interactive", "--color", "never"];
    const { code, stdout, stderr } = await spawnCollect(
      path.join(cliBinDir(), "pulumi"),
      fullArgs,
      this.env(options.env),
      this.projectDir,
      options.input,
    );
    this.transcript += `$ pulumi ${fullArgs.join(" ")}\n${stdout}${stderr}`;
    const run: CliRun = { args: fullArgs, code, stdout, stderr, output: stdout + stderr };
    if (code !== 0 && !options.allowFailure) throw new CliError(run);
    return run;
  }

  /** The environment of every call. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv {
    const cliBin = cliBinDir();
    return {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "mailreseller-local-passphrase",
      PULUMI_HOME: this.homeDir,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      // Every plugin is local (the language host beside the CLI, providers from plugins.providers): a
      // missing one must fail, not be downloaded.
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PATH: `${cliBin}${path.delimiter}${process.env.PATH ?? ""}`,
      ...this.options.env,
      ...extra,
    };
  }

  /** Removes the temp folder, kept first under MAILRESELLER_TEST_ARTIFACTS when `npm test` sets it. */
  dispose(): void {
    disposeTempDir(this.dir, this.transcript);
  }

  private async operation(args: string[], options: OperationOptions): Promise<OperationResult> {
    const run = await this.cli(
      [
        ...args,
        "--json",
        "--stack",
        this.stack,
        ...(options.policyPacks ?? []).flatMap((p) => ["--policy-pack", p]),
        ...(options.args ?? []),
      ],
      { env: options.env, allowFailure: true },
    );
    const result = parseOperation(run);
    if (run.code !== 0 && !options.allowFailure) throw new CliError(run, result.diagnostics);
    return result;
  }
}

/** A failed CLI call: its command, exit code, error diagnostics and the end of its stderr and stdout. */
export class CliError extends Error {
  constructor(
    readonly run: CliRun,
    diagnostics: { severity: string; message: string }[] = [],
  ) {
    const errors = diagnostics.filter((d) => d.severity === "error").map((d) => d.message.trim());
    super(
      [
        `pulumi ${run.args.join(" ")} failed (exit ${run.code})`,
        ...(errors.length ? ["diagnostics:", ...errors] : []),
        "stderr (end):",
        tail(run.stderr, 40),
        ...(errors.length ? [] : ["stdout (end):", tail(run.stdout, 40)]),
      ].join("\n"),
    );
  }
}

/** `pulumi stack export`'s document (the fields the tests read). */
export interface StackDeployment {
  version: number;
  deployment: {
    secrets_providers?: { type: string };
    resources?: StateResource[];
  };
}

function parseOperation(run: CliRun): OperationResult {
  const values = parseJsonValues(run.stdout) as Record<string, unknown>[];
  const events = values.filter((v) => typeof v.sequence === "number") as EngineEventJson[];
  const documents = values.filter((v) => typeof v.sequence !== "number");
  const preview = documents.at(-1) as OperationResult["preview"];
  const isStack = (type?: string) => type === "pulumi:pulumi:Stack";
  const steps = events.length
    ? events
        .map((e) => e.resourcePreEvent?.metadata)
        .filter((m): m is EngineStep => m !== undefined && !isStack(m.type))
        .map((m) => ({ op: m.op, urn: m.urn, type: m.type }))
    : (preview?.steps ?? [])
        .map((s) => ({ op: s.op, urn: s.urn, type: s.newState?.type ?? s.oldState?.type }))
        .filter((s) => !isStack(s.type));
  const summary = events.find((e) => e.summaryEvent)?.summaryEvent;
  const diagnostics = [
    ...(preview?.diagnostics ?? []),
    ...events
      .map((e) => e.diagnosticEvent)
      .filter((d): d is NonNullable<EngineEventJson["diagnosticEvent"]> => d !== undefined),
  ];
  const policyViolations = events
    .map((e) => e.policyEvent)
    .filter((p): p is PolicyViolation => p !== undefined);
  return {
    ...run,
    preview,
    events,
    steps,
    changeSummary: summary?.resourceChanges ?? preview?.changeSummary ?? {},
    diagnostics,
    policyViolations,
  };
}

/**
 * The JSON values in `text`, in order: the CLI's `--json` output is an indented document, JSON lines, or
 * a document followed by lines. Text between values that is not JSON is skipped.
 */
export function parseJsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"' && depth > 0) inString = true;
    else if (c === "{" || c === "[") {
      if (depth++ === 0) start = i;
    } else if ((c === "}" || c === "]") && depth > 0 && --depth === 0) {
      try {
        values.push(JSON.parse(text.slice(start, i + 1)));
      } catch {
        // not JSON after all
      }
    }
  }
  return values;
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
