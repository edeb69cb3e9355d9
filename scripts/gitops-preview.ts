/**
 * What the GitOps workflow runs for a pull request (examples/gitops/README.md): the fleet as the base
 * branch has it is deployed to a fresh sandbox (the installed package's `pulumi-mailreseller sandbox`, as
 * a user's CI runs it), then the pull request's data is previewed with the
 * policy pack through the real CLI (`pulumi preview --json --policy-pack policy`), and the result is
 * written as a Markdown comment. Exits 1 when the preview is blocked.
 *
 *   tsx scripts/gitops-preview.ts --base base.json --head examples/gitops/customers.json \
 *     [--policy-pack-config policy-config.json] --out preview.md
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";

import { type AllowEntry, allowance } from "../provider/core/protocol/allow-list";
import { labelOfType, shortType } from "../provider/core/protocol/type-tokens";
import { nameOfUrn } from "../provider/core/protocol/urn";
import { sandboxStackConfig } from "../sandbox/provider-config";
import { RUN_STACK, installedCommand, policyPackArgument } from "../test/harness/engine-stack";

const repoRoot = path.resolve(__dirname, "..");
const program = path.join(repoRoot, "examples", "gitops");
const project = "mailreseller-gitops";

interface PolicyEvent {
  policyName: string;
  enforcementLevel: string;
  message: string;
  resourceUrn?: string;
}
interface EngineEvent {
  policyEvent?: PolicyEvent;
  resourcePreEvent?: { metadata: { op: string; urn: string; type: string } };
  diagnosticEvent?: { severity: string; message: string; urn?: string };
}

/** The steps that remove something at a vendor. */
const DESTRUCTIVE_OPS = new Set(["delete", "replace", "create-replacement", "delete-replaced"]);

/** The engine's refusals to delete or replace a protected resource (its step generator's wording). */
const PROTECTED_REFUSAL =
  /(?:resource "(urn:[^"]+)" cannot be deleted\s+because it is protected|unable to replace resource "(urn:[^"]+)")/;

function runStack(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...RUN_STACK, ...args], {
      stdio: ["ignore", "inherit", "inherit"],
      cwd: repoRoot,
      env,
    });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

/** The approval that covers a resource today, if any (an unreadable date counts as expired). */
function approvalFor(urn: string, approvals: readonly AllowEntry[], now: Date): AllowEntry | undefined {
  const verdict = allowance(approvals, { urn, name: nameOfUrn(urn) }, now);
  return verdict.allowed ? verdict.entry : undefined;
}

/**
 * The pull-request comment: what would change, every deletion and replacement with its approval, and what
 * the policy pack said. A deletion or replacement nobody approved blocks, whether or not the engine
 * refused it (the deletion guard makes it refuse).
 */
export function summarize(
  events: EngineEvent[],
  exitCode: number,
  approvals: readonly AllowEntry[] = [],
  now: Date = new Date(),
): { markdown: string; blocked: boolean } {
  const steps = events
    .map((e) => e.resourcePreEvent?.metadata)
    .filter((m): m is { op: string; urn: string; type: string } => m !== undefined)
    // The package's resources, dynamic or native (a program may declare them in either form).
    .filter((m) => labelOfType(m.type) !== undefined && m.op !== "same");
  const violations = events.map((e) => e.policyEvent).filter((p): p is PolicyEvent => p !== undefined);
  const destructive = new Map<string, { op: string; refused: boolean }>();
  for (const s of steps) {
    if (DESTRUCTIVE_OPS.has(s.op))
      destructive.set(s.urn, { op: s.op === "delete" ? "delete" : "replace", refused: false });
  }
  for (const d of events.map((e) => e.diagnosticEvent)) {
    const m = d && d.severity === "error" ? PROTECTED_REFUSAL.exec(d.message) : null;
    if (m) destructive.set(m[1] ?? m[2], { op: m[1] ? "delete" : "replace", refused: true });
  }
  const unapproved = [...destructive.keys()].filter((urn) => approvalFor(urn, approvals, now) === undefined);
  const blocked = exitCode !== 0 || unapproved.length > 0;
  const lines = [
    `## pulumi-mailreseller preview: ${blocked ? "❌ blocked" : "✅ passes"}`,
    "",
    steps.length === 0
      ? "No changes."
      : [
          "| change | resource | type |",
          "|---|---|---|",
          ...steps.map((s) => `| ${s.op} | ${nameOfUrn(s.urn)} | ${shortType(s.type)} |`),
        ].join("\n"),
    "",
  ];
  if (destructive.size > 0) {
    lines.push("### Deletions and replacements", "", "| change | resource | approval |", "|---|---|---|");
    for (const [urn, d] of destructive) {
      const approval = approvalFor(urn, approvals, now);
      const verdict = approval
        ? `approved until ${approval.expires}${approval.reason ? ` (${approval.reason.replace(/\|/g, "\\|")})` : ""}`
        : `❌ not approved${d.refused ? ": protected by the deletion guard, the engine refuses it" : ""}; add {"name": "${nameOfUrn(urn)}", "expires": "YYYY-MM-DD", "reason": "…"} to approvedDeletions in the data file`;
      lines.push(`| ${d.op} | ${nameOfUrn(urn)} | ${verdict} |`);
    }
    lines.push("");
  }
  if (violations.length > 0) {
    lines.push("### Policy violations", "", "| policy | level | resource | message |", "|---|---|---|---|");
    for (const v of violations) {
      const message = v.message.trim().split("\n").slice(1).join(" ").replace(/\|/g, "\\|");
      lines.push(
        `| ${v.policyName} | ${v.enforcementLevel} | ${nameOfUrn(v.resourceUrn ?? "")} | ${message} |`,
      );
    }
  }
  return { markdown: lines.join("\n") + "\n", blocked };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      base: { type: "string" },
      head: { type: "string" },
      "policy-pack-config": { type: "string" },
      out: { type: "string" },
    },
  });
  if (!values.base || !values.head)
    throw new Error(
      "usage: gitops-preview.ts --base FILE --head FILE [--policy-pack-config FILE] [--out FILE]",
    );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "mailreseller-gitops-"));
  const sandbox = await startInstalledSandbox(["--port", "0", "--quiet", "--mailup-activation-polls", "0"]);
  try {
    const configFile = path.join(work, "config.json");
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        ...sandboxStackConfig(sandbox.url),
        [`${project}:relayPassword`]: { value: "gitops-relay-password", secret: true },
      }),
    );
    const common = [
      "--program",
      program,
      "--work-dir",
      path.join(work, "project"),
      "--state-dir",
      path.join(work, "state"),
      "--project",
      project,
      "--stack",
      "pr",
      "--config-file",
      configFile,
      "--quiet",
    ];

    console.error("[gitops] deploying the base branch's fleet to the sandbox");
    const up = await runStack([...common, "up"], { ...process.env, FLEET_DATA: path.resolve(values.base) });
    if (up !== 0) throw new Error("deploying the base fleet failed");

    // Deletions the pull request approves (its data file's approvedDeletions): their protection is
    // cleared by the installed package's command, as a deploy job does before `pulumi up`.
    const approvals = readApprovals(values.head);
    if (approvals.length > 0) {
      console.error(`[gitops] unprotecting the ${approvals.length} approved deletion(s)`);
      await unprotectApproved(path.resolve(values.head), work);
    }

    console.error("[gitops] previewing the pull request's fleet with the policy pack");
    const result = path.join(work, "preview.json");
    // The policy pack the installed package ships, as a user's pipeline runs it.
    const installed = path.dirname(require.resolve("pulumi-mailreseller/package.json", { paths: [program] }));
    const pack = policyPackArgument(path.join(installed, "policy"));
    const args = [...common, "--json", "--result", result, "--policy-pack", pack];
    if (values["policy-pack-config"])
      args.push("--policy-pack-config", path.resolve(values["policy-pack-config"]));
    await runStack([...args, "preview"], { ...process.env, FLEET_DATA: path.resolve(values.head) });
    const preview = JSON.parse(fs.readFileSync(result, "utf8")) as {
      cliExitCode: number;
      events: EngineEvent[];
    };
    const { markdown, blocked } = summarize(preview.events, preview.cliExitCode, approvals);
    if (values.out) fs.writeFileSync(values.out, markdown);
    process.stdout.write(markdown);
    if (blocked) process.exitCode = 1;
  } finally {
    await sandbox.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The approved deletions: the head data file's `approvedDeletions` (the policy pack's format). */
function readApprovals(dataFile: string): AllowEntry[] {
  const data = JSON.parse(fs.readFileSync(dataFile, "utf8")) as { approvedDeletions?: AllowEntry[] };
  return data.approvedDeletions ?? [];
}

/** The installed package's command: its bin, as `npx pulumi-mailreseller` runs it. */
function installedCli(): string {
  const manifest = require.resolve("pulumi-mailreseller/package.json", { paths: [program] });
  return installedCommand(path.dirname(manifest));
}

/**
 * `pulumi-mailreseller unprotect --allow DATA --stack pr` on the stack run-stack.ts made: the same CLI,
 * backend and passphrase (run-stack's defaults), from its project folder.
 */
async function unprotectApproved(dataFile: string, work: string): Promise<void> {
  const cliBin = process.env.PULUMI_BIN_DIR;
  if (!cliBin) throw new Error("PULUMI_BIN_DIR is not set");
  const projectDir = path.join(work, "project");
  const env = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "mailreseller-local-passphrase",
    PULUMI_HOME: process.env.PULUMI_HOME ?? path.join(projectDir, ".pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PATH: `${cliBin}${path.delimiter}${process.env.PATH ?? ""}`,
  };
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [installedCli(), "unprotect", "--allow", dataFile, "--stack", "pr"],
      {
        cwd: projectDir,
        env,
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    child.on("error", reject);
    child.on("close", (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`pulumi-mailreseller unprotect failed (exit ${code})`);
}

/**
 * `npx pulumi-mailreseller sandbox …` from the package the example installs (examples/node_modules): its
 * command is started directly with node, since npm does not forward SIGTERM to what npx starts.
 */
async function startInstalledSandbox(args: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const proc = spawn(process.execPath, [installedCli(), "sandbox", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    proc.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /sandbox listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.once("exit", (code) =>
      reject(new Error(`pulumi-mailreseller sandbox exited (${code}) before listening`)),
    );
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
      }),
  };
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  });
}
