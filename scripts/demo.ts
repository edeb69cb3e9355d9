/**
 * The main job, end to end: the sandbox on a free port, examples/quickstart deployed with the real
 * Pulumi CLI, regraded by a program change, a downgrade blocked by the policy pack, refreshed, previewed
 * unchanged (zero vendor calls), destroyed
 * (MailPartner sub-accounts stay at MailPartner, with a warning: it has no delete call).
 * Pulumi's own output streams through, with a short heading per step. Run by `npm run demo`.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { Sandbox, startSandbox, sandboxStackConfig } from "../sandbox/server";
import { RUN_STACK, policyPackArgument } from "../test/harness/engine-stack";

const repoRoot = path.resolve(__dirname, "..");
const workDir = path.join(repoRoot, ".work", "demo");
const project = "mailreseller-quickstart";

function heading(text: string): void {
  console.log(`\n=== ${text} ${"=".repeat(Math.max(0, 96 - text.length))}\n`);
}

/** What the step cost at the vendor, from the sandbox's request log. */
function reportVendorCalls(sandbox: Sandbox): void {
  const requests = sandbox.requests;
  const calls = requests.map((r) => `  ${r.method} ${r.path} → ${r.status}`);
  console.log([`vendor calls: ${calls.length}`, ...calls].join("\n"));
  // MailUp's long operations, from the first to the last call of each (the sandbox's own timing).
  const span = (match: (path: string, method: string) => boolean, what: string) => {
    const hits = requests.filter((r) => match(r.path, r.method));
    if (hits.length < 2) return;
    const first = Date.parse(hits[0].at);
    const last = hits[hits.length - 1];
    console.log(`${what}: ${Date.parse(last.at) + last.durationMs - first} ms over ${hits.length} calls`);
  };
  span((p) => p.includes("/Account/Activation/"), "MailUp activation (start to last status poll)");
  span(
    (p, m) => m === "PUT" && /\/Account\/\d+\/Profile\//.test(p),
    "MailUp profile switch (first to last PUT)",
  );
  sandbox.requestLog.clear();
}

/** The size of what Pulumi stored as each resource's serialized provider. */
function reportProviderSize(): void {
  const file = path.join(workDir, "state", ".pulumi", "stacks", project, "demo.json");
  const state = JSON.parse(fs.readFileSync(file, "utf8")) as {
    checkpoint: { latest: { resources: { type: string; outputs?: { __provider?: string } }[] } };
  };
  for (const r of state.checkpoint.latest.resources) {
    if (r.outputs?.__provider)
      console.log(`${r.type}: __provider is ${Buffer.byteLength(r.outputs.__provider)} bytes`);
  }
}

function runStack(op: string, configFile: string, extraArgs: string[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...RUN_STACK,
        "--program",
        path.join(repoRoot, "examples", "quickstart"),
        "--work-dir",
        path.join(workDir, "project"),
        "--state-dir",
        path.join(workDir, "state"),
        "--project",
        project,
        "--stack",
        "demo",
        "--config-file",
        configFile,
        ...extraArgs,
        op,
      ],
      { stdio: "inherit", cwd: repoRoot },
    );
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`pulumi ${op} failed (exit ${code})`)),
    );
  });
}

async function main(): Promise<void> {
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });

  heading("Starting the sandbox (the vendor APIs, on loopback)");
  const sandbox = await startSandbox({ port: 0, quiet: true });
  console.log(`sandbox listening on ${sandbox.url}`);

  const configFile = path.join(workDir, "config.json");
  const writeConfig = (
    tariff: string,
    backupMxTariff: string,
    mailupProfile: string,
    mailupCredits: number,
    salesForwards: string[],
    shopCredit: number,
  ) =>
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        ...sandboxStackConfig(sandbox.url),
        // The demo ends with a destroy of its sandbox stack, which the deletion guard would refuse.
        "mailreseller:deletionGuard": { value: "false" },
        [`${project}:outmailPassword`]: { value: "quickstart-relay-password", secret: true },
        [`${project}:outmailTariff`]: { value: tariff },
        [`${project}:backupMxTariff`]: { value: backupMxTariff },
        [`${project}:mailupProfile`]: { value: mailupProfile },
        [`${project}:mailupCredits`]: { value: String(mailupCredits) },
        [`${project}:mailboxPassword`]: { value: "quickstart-mailbox-password", secret: true },
        [`${project}:salesForwards`]: { value: JSON.stringify(salesForwards) },
        [`${project}:shopCredit`]: { value: String(shopCredit) },
      }),
    );

  try {
    heading(
      "1/6 pulumi up: examples/quickstart (outMail, a backupMX service taken over without a write, MailUp " +
        "console + pack, ResellerClub mailbox + forward, MailPartner sub-account)",
    );
    writeConfig("Outmail500", "BackupMX1", "Economy", 2, ["office@customer.example"], 10);
    await runStack("up", configFile);
    reportVendorCalls(sandbox);
    reportProviderSize();
    console.log(`partner credits left: ${sandbox.partner.partnerCredits}`);
    console.log(`MailPartner parent balance: ${sandbox.mailpartner.balance} EUR`);

    heading(
      "2/6 pulumi up: regrade outMail and the backupMX service, MailUp to Premium with 4 packs, one more " +
        "sales forward: in place; sub-account credit 10 → 25: a warning, no money moved",
    );
    writeConfig(
      "Outmail1000",
      "BackupMX5",
      "Premium",
      4,
      ["office@customer.example", "sales-team@customer-parent.example"],
      25,
    );
    await runStack("up", configFile);
    reportVendorCalls(sandbox);
    console.log(`partner credits left: ${sandbox.partner.partnerCredits}`);
    console.log(`MailPartner parent balance: ${sandbox.mailpartner.balance} EUR (unchanged)`);

    heading(
      "3/6 pulumi preview --policy-pack node_modules/pulumi-mailreseller/policy: a downgrade to Outmail500 is blocked; nothing is written at a vendor (check reads the tariff list)",
    );
    writeConfig(
      "Outmail500",
      "BackupMX5",
      "Premium",
      4,
      ["office@customer.example", "sales-team@customer-parent.example"],
      25,
    );
    const blocked = await runStack("preview", configFile, [
      "--policy-pack",
      policyPackArgument(path.join(repoRoot, "examples", "node_modules", "pulumi-mailreseller", "policy")),
    ]).then(
      () => false,
      () => true,
    );
    if (!blocked) throw new Error("the policy pack did not block the outMail downgrade");
    console.log("preview blocked by the policy pack (exit code 1), as it should be");
    reportVendorCalls(sandbox);
    writeConfig(
      "Outmail1000",
      "BackupMX5",
      "Premium",
      4,
      ["office@customer.example", "sales-team@customer-parent.example"],
      25,
    );

    heading("4/6 pulumi refresh: every resource read back from the vendor, one call each");
    await runStack("refresh", configFile);
    reportVendorCalls(sandbox);

    heading("5/6 pulumi preview: nothing changed, so nothing to do and no vendor call");
    await runStack("preview", configFile);
    reportVendorCalls(sandbox);

    heading("6/6 pulumi destroy (MailPartner has no delete call: its sub-account stays, with a warning)");
    await runStack("destroy", configFile);
    reportVendorCalls(sandbox);
    const liveServices = sandbox.partner.snapshot().live_services;
    console.log(
      `outMail services left in the sandbox: ${liveServices.filter((s) => s.product === "outMail").length}; ` +
        `backupMX service ${liveServices.some((s) => s.id === "1234801") ? "still there" : "deleted"}`,
    );
    console.log(`MailUp accounts left in the sandbox: ${sandbox.mailup.snapshot().accounts.length}`);
    const rc = sandbox.resellerclub.snapshot();
    console.log(
      `ResellerClub addresses left in the sandbox: ${rc.users.length + rc.forwardOnlyAccounts.length}`,
    );
    console.log(
      `MailPartner sub-accounts left in the sandbox: ${sandbox.mailpartner.subaccounts().length} ` +
        "(no delete call exists: remove them in the MailPartner dashboard)",
    );
  } finally {
    await sandbox.close();
  }
  heading("Done");
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
