/**
 * A fleet run killed with SIGKILL while its shards run (issue 23, item 9): the command, the CLIs and the
 * provider hosts die at once, one shard's outMail create applied at the vendor and never answered, the
 * other shards wherever they were. The next `fleet up`, with no flag and no hand step, clears the dead
 * run's locks (same host, processes gone), takes over what the dead run created, and clears its pending
 * creates; the vendors then hold each object once, the stacks no pending operation, and a preview of the
 * fleet changes nothing. Real CLI, real PostgreSQL backend, the sandbox.
 *
 * Each customer has an outMail relay and a ResellerClub mailbox, which the provider finds again by their
 * vendor-unique key after a crash, and a MailUp account, which nothing can find again (MailUp has no call
 * that looks an account up by its domain): the run is killed while MailUp activations it started are still
 * processing, and the next run resumes each from the activation journal (the fleet's PostgreSQL) instead of
 * starting another, so MailUp ends with one activation and one account per customer.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

import { Sandbox, startSandbox } from "../../sandbox/server";
import { killTree, repoRoot } from "../harness/engine-stack";
import { fleetCliEnv, runFleetCommand } from "../harness/fleet-command";
import { type Postgres, startPostgres } from "../harness/postgres";

jest.setTimeout(900_000);

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { mailup, outmail, resellerclub } from "pulumi-mailreseller";

export function declareCustomer(c: { id: string }, opts: pulumi.CustomResourceOptions) {
  const config = new pulumi.Config();
  new outmail.Service(\`\${c.id}-relay\`, {
    clientId: "9987606",
    serviceName: "Outmail500",
    username: \`\${c.id}-relay\`,
    password: config.requireSecret("password"),
  }, opts);
  new resellerclub.MailUser(\`\${c.id}-box\`, {
    orderId: "1001",
    email: \`\${c.id}@customer.example\`,
    password: config.requireSecret("password"),
    notificationEmail: "it@customer-parent.example",
    firstName: "Fleet",
    lastName: c.id,
    countryCode: "GB",
    languageCode: "en",
  }, opts);
  new mailup.Account(\`\${c.id}-console\`, {
    profile: "Economy",
    language: "EN",
    ipAddress: "192.0.2.10",
    email: \`marketing@\${c.id}.example\`,
    customDomain: \`\${c.id}.example\`,
    customSubdomain: \`news-\${c.id}\`,
    serviceName: \`\${c.id} newsletters\`,
    serviceUrl: \`www.\${c.id}.example/news\`,
    serviceLogoutUrl: \`www.\${c.id}.example\`,
  }, opts);
}
`;

const ids = Array.from({ length: 9 }, (_, i) => `kill${i + 1}`);

let postgres: Postgres;
let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  // Activations that take a few polls: a kill can then meet one that MailUp answered and nobody finished.
  [postgres, sandbox] = await Promise.all([
    startPostgres(),
    startSandbox({ port: 0, quiet: true, mailupActivationPolls: 6 }),
  ]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailreseller-fleet-kill-"));
  // The program module resolves the package as a user's project does.
  fs.symlinkSync(path.join(repoRoot, "examples", "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(path.join(dir, "customer.ts"), PROGRAM);
  fs.writeFileSync(
    path.join(dir, "customers.json"),
    JSON.stringify({ customers: ids.map((id) => ({ id })) }),
  );
  fs.writeFileSync(
    path.join(dir, "mailreseller-fleet.json"),
    JSON.stringify({
      project: "fleet-kill",
      data: "customers.json",
      program: "customer.ts",
      shards: 3,
      concurrency: 3,
      config: { "mailreseller:deletionGuard": "false" },
      secretConfig: { password: "FLEET_PASSWORD" },
    }),
  );
});

afterAll(async () => {
  await Promise.all([postgres?.stop(), sandbox?.close()]);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const env = () => ({
  ...fleetCliEnv({ sandboxUrl: sandbox.url, backend: postgres.url, home: path.join(dir, ".pulumi-home") }),
  FLEET_PASSWORD: "fleet-kill-password-5e2a",
});

/** Each vendor object of the fleet, by its vendor-unique key; a duplicate would appear twice. */
function ledgerKeys(): string[] {
  const ledger = sandbox.ledger() as {
    partner: { liveServices: { product?: string; username?: string }[] };
    resellerclub: { mailboxes: { email: string }[] };
    mailup: { accounts: { domain: string }[] };
  };
  return [
    ...ledger.partner.liveServices.filter((s) => s.product === "outMail").map((s) => `outmail:${s.username}`),
    ...ledger.resellerclub.mailboxes.map((m) => `resellerclub:${m.email.toLowerCase()}`),
    ...ledger.mailup.accounts.map((a) => `mailup:${a.domain}`),
  ]
    .filter((k) => k.includes("kill"))
    .sort();
}

test("a fleet up killed mid-run converges on the next fleet up, with no flag and no hand step", async () => {
  // The kill point: a MailUp activation that MailUp answered (and the provider recorded in the journal, the
  // fleet's PostgreSQL) is still processing; whatever else runs in the three shards dies with it.
  const killed = await runFleetCommand(dir, env(), ["up"], {
    onSpawn: (child) => {
      void (async () => {
        // Every activation MailUp started is recorded (a record takes milliseconds; an activation at MailUp
        // minutes) and at least one is still processing: the state of a fleet killed mid-activation.
        const ready = async () => {
          const { activations } = sandbox.mailup.snapshot();
          if (!activations.some((a) => a.Status.Code === 1)) return false;
          const rows = Number(
            await postgres.sql("select count(*) from mailreseller_journal").catch(() => "0"),
          );
          return rows >= activations.length;
        };
        while (!(await ready())) await new Promise((r) => setTimeout(r, 100));
        // Killing the tree takes a while, and an activation MailUp starts meanwhile may die before it is
        // recorded: the lost answer only `adopt` can mend, which is not what this test is about. So the
        // door is closed first (answered before MailUp's route runs: nothing is created), and the kill
        // waits until every activation started before that is recorded.
        sandbox.faults.add({
          vendor: "mailup",
          method: "POST",
          path: "/Account/Activation/",
          kind: "error",
          status: 503,
          times: 0,
        });
        while (!(await ready())) await new Promise((r) => setTimeout(r, 20));
        await killTree(child.pid ?? -1);
        sandbox.faults.clear();
      })();
    },
  });
  expect(killed.code).not.toBe(0);
  const activatingAtKill = sandbox.mailup.snapshot().activations.filter((a) => a.Status.Code === 1).length;
  const createdByDeadRun = ledgerKeys().length;
  expect(createdByDeadRun).toBeGreaterThan(0);

  const up = await runFleetCommand(dir, env(), ["up"]);
  console.log(up.stdout);
  if (up.code !== 0) {
    // What each shard's Pulumi printed, so a failure says why.
    for (const s of up.shards)
      console.log(
        `${s.stack}:\n${fs.readFileSync(path.join(dir, ".mailreseller-fleet", "fleet-kill", s.stack, "up.log"), "utf8")}`,
      );
  }
  expect(up.code).toBe(0);
  const recovered = up.shards.flatMap((s) => s.recovered);
  expect(recovered.some((r) => /^cleared the lock of a dead run \(pid \d+ on /.test(r))).toBe(true);
  expect(recovered.some((r) => /^cleared \d+ pending creates of a dead run/.test(r))).toBe(true);
  expect(activatingAtKill).toBeGreaterThan(0);

  // Each object once, none left out; MailUp activated each account once.
  expect(sandbox.mailup.snapshot().activations).toHaveLength(ids.length);
  expect(ledgerKeys()).toEqual(
    [
      ...ids.map((id) => `outmail:${id}-relay`),
      ...ids.map((id) => `resellerclub:${id}@customer.example`),
      ...ids.map((id) => `mailup:news-${id}.${id}.example`),
    ].sort(),
  );
  // The activations the dead run had started were resumed from the journal, each with a warning.
  const logs = up.shards.map((s) =>
    fs.readFileSync(path.join(dir, ".mailreseller-fleet", "fleet-kill", s.stack, "up.log"), "utf8"),
  );
  // Each warning shows twice in a log (as it happens, and in the diagnostics at the end): count activations.
  const resumed = [
    ...new Set(
      [...logs.join("\n").matchAll(/resuming activation (\d+), which an earlier run started/g)].map(
        (m) => m[1],
      ),
    ),
  ];
  expect(resumed.length).toBeGreaterThanOrEqual(activatingAtKill);
  // No pending operation left in any shard's state.
  for (const s of up.shards) {
    const { stdout } = await promisify(execFile)(
      path.join(process.env.PULUMI_BIN_DIR!, "pulumi"),
      ["stack", "export", "--stack", s.stack],
      {
        cwd: path.join(dir, ".mailreseller-fleet", "fleet-kill"),
        env: { ...process.env, ...env() },
        maxBuffer: 1 << 26,
      },
    );
    expect(
      (JSON.parse(stdout) as { deployment: { pending_operations?: unknown[] } }).deployment
        .pending_operations ?? [],
    ).toEqual([]);
  }
  sandbox.requestLog.clear();
  const preview = await runFleetCommand(dir, env(), ["preview"]);
  expect(preview.code).toBe(0);
  for (const s of preview.shards) expect(s.changes).toEqual({ same: s.customers * 4 + 1 });
  const writes = sandbox.requests.filter((r) => r.method !== "GET" && !r.path.includes("/Token"));
  expect(writes).toEqual([]);
  console.log(
    `fleet up killed with ${createdByDeadRun} of ${ids.length * 3} objects created and ${activatingAtKill} ` +
      `MailUp activations processing; the next fleet up resumed ${resumed.length} from the journal and ` +
      `converged: ${recovered.join("; ")}; 0 duplicates, 0 orphans, 0 pending operations, 0 hand steps`,
  );

  const destroy = await runFleetCommand(dir, env(), ["destroy"]);
  expect(destroy.code).toBe(0);
  expect(ledgerKeys()).toEqual([]);
});
