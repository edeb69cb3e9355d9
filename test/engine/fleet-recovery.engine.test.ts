/**
 * A fleet run killed with SIGKILL while its shards run (issue 23, item 9): the command, the CLIs and the
 * provider hosts die at once, one shard's outMail create applied at the vendor and never answered, the
 * other shards wherever they were. The next `fleet up`, with no flag and no hand step, clears the dead
 * run's locks (same host, processes gone), takes over what the dead run created, and clears its pending
 * creates; the vendors then hold each object once, the stacks no pending operation, and a preview of the
 * fleet changes nothing. Real CLI, real PostgreSQL backend, the sandbox.
 *
 * The customers here have an outMail relay and a ResellerClub mailbox: objects the provider finds again by
 * their vendor-unique key after a crash. A MailUp account has no such lookup (issue 23, item 9's activation
 * journal is what will make it converge too).
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
import { outmail, resellerclub } from "pulumi-mailreseller";

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
}
`;

const ids = Array.from({ length: 9 }, (_, i) => `kill${i + 1}`);

let postgres: Postgres;
let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  [postgres, sandbox] = await Promise.all([startPostgres(), startSandbox({ port: 0, quiet: true })]);
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
  };
  return [
    ...ledger.partner.liveServices.filter((s) => s.product === "outMail").map((s) => `outmail:${s.username}`),
    ...ledger.resellerclub.mailboxes.map((m) => `resellerclub:${m.email.toLowerCase()}`),
  ]
    .filter((k) => k.includes("kill"))
    .sort();
}

test("a fleet up killed mid-run converges on the next fleet up, with no flag and no hand step", async () => {
  const rule = sandbox.faults.add({
    vendor: "partner",
    method: "POST",
    path: "/outmails",
    kind: "hang-after-write",
  });
  const killed = await runFleetCommand(dir, env(), ["up"], {
    onSpawn: (child) => {
      // The kill point: an outMail create applied at the vendor, its answer held; the other shards run on.
      void (async () => {
        while (sandbox.faults.list().some((f) => f.id === rule.id))
          await new Promise((r) => setTimeout(r, 50));
        await new Promise((r) => setTimeout(r, 1500));
        await killTree(child.pid ?? -1);
      })();
    },
  });
  expect(killed.code).not.toBe(0);
  sandbox.faults.clear();
  const createdByDeadRun = ledgerKeys().length;
  expect(createdByDeadRun).toBeGreaterThan(0);

  const up = await runFleetCommand(dir, env(), ["up"]);
  console.log(up.stdout);
  expect(up.code).toBe(0);
  const recovered = up.shards.flatMap((s) => s.recovered);
  expect(recovered.some((r) => /^cleared the lock of a dead run \(pid \d+ on /.test(r))).toBe(true);
  expect(recovered.some((r) => /^cleared \d+ pending creates of a dead run/.test(r))).toBe(true);

  // Each object once, none left out.
  expect(ledgerKeys()).toEqual(
    [
      ...ids.map((id) => `outmail:${id}-relay`),
      ...ids.map((id) => `resellerclub:${id}@customer.example`),
    ].sort(),
  );
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
  for (const s of preview.shards) expect(s.changes).toEqual({ same: s.customers * 3 + 1 });
  const writes = sandbox.requests.filter((r) => r.method !== "GET");
  expect(writes).toEqual([]);
  console.log(
    `fleet up killed with ${createdByDeadRun} of ${ids.length * 2} objects created; the next fleet up ` +
      `converged: ${recovered.join("; ")}; 0 duplicates, 0 orphans, 0 pending operations, 0 hand steps`,
  );

  const destroy = await runFleetCommand(dir, env(), ["destroy"]);
  expect(destroy.code).toBe(0);
  expect(ledgerKeys()).toEqual([]);
});
