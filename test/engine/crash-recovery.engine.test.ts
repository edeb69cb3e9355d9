/**
 * Crash recovery through the real CLI: `pulumi up` killed with SIGKILL (the runner, the CLI and the
 * provider host at once) right after a vendor created an object and before the answer reached the engine,
 * at four different points (an outMail service, a ResellerClub mailbox, a MailPartner sub-account, a
 * ResellerClub forward-only account), then
 * recovered by the documented way back only: `pulumi cancel` for the dead run's lock, `pulumi up`, and
 * `pulumi refresh --clear-pending-creates`. No program edit, no hand-written `adopt`: each object the dead
 * run created is found by its vendor-unique key and taken over, with a warning naming it. The vendors'
 * ledgers then show no duplicate and no orphan, the state no pending operation, and a preview no change.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { Sandbox, startSandbox } from "../../sandbox/server";
import { EngineStack } from "../harness/engine-stack";

jest.setTimeout(900_000);

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { mailpartner, outmail, resellerclub } from "pulumi-mailreseller";
const config = new pulumi.Config();
for (const i of [1, 2, 3]) {
  new outmail.Service(\`relay-\${i}\`, {
    clientId: "9987606",
    serviceName: "Outmail500",
    username: \`crash-relay-\${i}\`,
    password: config.requireSecret("password"),
  });
  new resellerclub.MailUser(\`box-\${i}\`, {
    orderId: "1001",
    email: \`crash-\${i}@customer.example\`,
    password: config.requireSecret("password"),
    notificationEmail: "it@customer-parent.example",
    firstName: "Crash",
    lastName: \`Test \${i}\`,
    countryCode: "GB",
    languageCode: "en",
  });
}
new mailpartner.Subaccount("news", {
  type: "advanced",
  email: "crash-news@customer.example",
  isBuyer: false,
  creditToAttribute: 5,
});
new mailpartner.Subaccount("plain", { type: "simple", email: "crash-plain@customer.example", creditToAttribute: 3 });
new resellerclub.ForwardOnlyAccount("sales", {
  orderId: "1001",
  email: "crash-sales@customer.example",
  forwards: ["crash-1@customer.example", "archive@customer-parent.example"],
});
`;

/** Where each run is killed: the first create of that kind is applied at the vendor and never answered. */
const KILL_POINTS = [
  { label: "an outMail service create", vendor: "partner", method: "POST", path: "/outmails" },
  {
    label: "a ResellerClub mailbox create",
    vendor: "resellerclub",
    method: "POST",
    path: "/mail/user/add.json",
  },
  {
    label: "a MailPartner sub-account create",
    vendor: "mailpartner",
    method: "POST",
    path: "/subaccount/create",
  },
  {
    label: "a ResellerClub forward-only account create",
    vendor: "resellerclub",
    method: "POST",
    path: "/mail/user/add-forward-only-account.json",
  },
] as const;

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, mailupActivationPolls: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});

const figures: string[] = [];
afterAll(() => {
  // The crash figures the closing note quotes: `npx jest test/engine/crash-recovery.engine.test.ts` prints them.
  console.log(["crash recovery:", ...figures].join("\n  "));
});

/** Counts per vendor-unique key in the sandbox's ledger: anything above 1 is a duplicate. */
function ledgerKeys(): string[] {
  const ledger = sandbox.ledger() as {
    partner: { liveServices: { product: string; username?: string }[] };
    resellerclub: { mailboxes: { email: string }[] };
    mailpartner: { subaccounts: { email: string }[] };
  };
  return [
    // Only outMail services have a username; the portal's seeded ones (other products) have none.
    ...ledger.partner.liveServices.filter((s) => s.product === "outMail").map((s) => `outmail:${s.username}`),
    ...ledger.resellerclub.mailboxes.map((m) => `resellerclub:${m.email.toLowerCase()}`),
    ...ledger.mailpartner.subaccounts.map((s) => `mailpartner:${s.email.toLowerCase()}`),
  ].filter((k) => k.includes("crash"));
}

test.each(KILL_POINTS)("killed during $label, the next up converges without a hand edit", async (point) => {
  sandbox.reset();
  const stack = new EngineStack({
    name: `crash-${point.vendor}`,
    sandboxUrl: sandbox.url,
    config: {
      "engine-test:password": { value: "crash-password-1", secret: true },
    },
  });
  try {
    stack.writeProgram(PROGRAM);
    const rule = sandbox.faults.add({
      vendor: point.vendor,
      method: point.method,
      path: point.path,
      kind: "hang-after-write",
    });
    // The kill point: the rule has been applied (and so removed), i.e. the vendor created the object and
    // is holding its answer. (The request log is no signal: a previous round's hung request is logged
    // when its dead client's socket closes.)
    await stack.runUntilKilled("up", async () => {
      while (sandbox.faults.list().some((f) => f.id === rule.id)) {
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    const createdByDeadRun = ledgerKeys().length;

    // The way back, as the README documents it.
    // Retried: once (in about one run in five on a loaded machine) the first cancel right after the kill
    // exited 1; its output is kept in the assertion so a real failure says why.
    // A kill while the file backend saved the checkpoint can leave its metadata sidecar empty (README,
    // "After a dead run", step 1): every command then fails with "failed to load checkpoint: EOF", and
    // the README's remedy is to delete the empty sidecar. Counted and printed, not hidden.
    let sidecarsRemoved = 0;
    let cancel = { code: -1, stdout: "", stderr: "" };
    for (let attempt = 1; attempt <= 3 && cancel.code !== 0; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, 2000));
      if (/failed to load checkpoint: EOF/.test(cancel.stderr + cancel.stdout)) {
        sidecarsRemoved += removeEmptySidecars(path.join(stack.stateDir, ".pulumi"));
      }
      cancel = await stack.command(`${process.env.PULUMI_BIN_DIR}/pulumi`, [
        "cancel",
        "--yes",
        "--stack",
        stack.stack,
      ]);
    }
    if (cancel.code !== 0)
      throw new Error(`pulumi cancel failed 3 times:\n${cancel.stdout}\n${cancel.stderr}`);
    const up = await stack.run("up");
    expect(up.result.error).toBeUndefined();
    const tookOver = up.diagnostics.filter((d) => d.severity === "warning" && /took over/.test(d.message));
    expect(tookOver.length).toBeGreaterThanOrEqual(1);
    const refresh = await stack.run("refresh", ["--clear-pending-creates"]);
    expect(refresh.result.error).toBeUndefined();

    // No duplicate, no orphan, no pending operation, nothing left to do.
    const keys = ledgerKeys();
    expect(keys.length).toBe(new Set(keys).size);
    expect(keys.sort()).toEqual(
      [
        ...[1, 2, 3].map((i) => `outmail:crash-relay-${i}`),
        ...[1, 2, 3].map((i) => `resellerclub:crash-${i}@customer.example`),
        "resellerclub:crash-sales@customer.example",
        "mailpartner:crash-news@customer.example",
        "mailpartner:crash-plain@customer.example",
      ].sort(),
    );
    const state = JSON.parse(stack.stateText()) as {
      checkpoint: { latest: { resources: { id?: string; type: string }[]; pending_operations?: unknown[] } };
    };
    expect(state.checkpoint.latest.pending_operations ?? []).toEqual([]);
    const managed = state.checkpoint.latest.resources.filter((r) =>
      r.type.startsWith("pulumi-nodejs:dynamic/"),
    );
    expect(managed).toHaveLength(keys.length);
    const preview = await stack.run("preview", ["--expect-no-changes"]);
    expect(preview.result.error).toBeUndefined();
    figures.push(
      `${point.label}: killed with ${createdByDeadRun} of 9 objects created; recovered with ` +
        `${tookOver.length} taken over (warned), 0 duplicates, 0 orphans, 0 hand edits, 0 pending operations, converged` +
        (sidecarsRemoved > 0
          ? ` (the kill cut the file backend's checkpoint sidecar: ${sidecarsRemoved} empty .attrs removed, README step 1)`
          : ""),
    );
  } finally {
    sandbox.faults.clear();
    stack.dispose();
  }
});

/**
 * The README's remedy for a checkpoint whose metadata sidecar a kill cut: gocloud.dev's fileblob (the
 * file backend's storage) truncates `<file>.attrs` and rewrites it before renaming the new checkpoint
 * into place, so a kill in between leaves the previous, complete checkpoint beside an empty `.attrs`,
 * which no command can read. Without the sidecar the file is read as it is. Returns how many it removed.
 */
function removeEmptySidecars(dir: string): number {
  let removed = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && entry.name.endsWith(".attrs") && fs.statSync(file).size === 0) {
      fs.rmSync(file);
      removed += 1;
    }
  }
  return removed;
}
