/**
 * The deletion guard through the real CLI, on the GitOps example's program (examples/gitops, its fleet
 * read from a data file): every billable resource is protected by default, so a customer dropped from the
 * data is refused by the engine in preview and in `up`, with no vendor call; the installed package's
 * `pulumi-mailreseller unprotect` clears the protection of exactly what a dated allow-list approves, and
 * the next `up` deletes those and nothing else.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { nameOfUrn } from "../../provider/core/protocol/urn";
import { Sandbox, startSandbox } from "../../sandbox/server";
import { EngineStack, installedCommand, repoRoot } from "../harness/engine-stack";

jest.setTimeout(900_000);

const BASE = JSON.parse(
  fs.readFileSync(path.join(repoRoot, "examples", "gitops", "customers.json"), "utf8"),
) as {
  customers: { id: string }[];
};
const installedCli = installedCommand();

let sandbox: Sandbox;
let stack: EngineStack;
const dataFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "guard-fleet-")), "customers.json");

const vendorWrites = () => sandbox.requests.filter((r) => r.method !== "GET" && !r.path.includes("/Token"));
const writeData = (data: unknown) => fs.writeFileSync(dataFile, JSON.stringify(data));
const bakery = (type: string) => stack.resourcesOfType(type).filter((r) => r.urn.includes("::bakery-"));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, mailupActivationPolls: 0 });
  stack = new EngineStack({
    name: "deletion-guard",
    sandboxUrl: sandbox.url,
    config: {
      // The harness turns the guard off for the other engine tests; this one runs with the default.
      "mailreseller:deletionGuard": { value: "true" },
      "engine-test:relayPassword": { value: "guard-relay-password", secret: true },
    },
    env: { FLEET_DATA: dataFile },
  });
  writeData(BASE);
  stack.writeProgram(
    `export * from ${JSON.stringify(path.join(repoRoot, "examples", "gitops", "index.ts"))};\n`,
  );
  const up = await stack.run("up");
  if (up.result.error) throw new Error(up.result.error);
});

afterAll(async () => {
  stack?.dispose();
  fs.rmSync(path.dirname(dataFile), { recursive: true, force: true });
  await sandbox?.close();
});

test("every billable resource is protected by default", () => {
  const billable = stack.resources().filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
  expect(billable.length).toBeGreaterThanOrEqual(6);
  for (const r of billable) expect({ urn: r.urn, protect: r.protect }).toEqual({ urn: r.urn, protect: true });
});

test("a customer removed from the data is refused in preview and in up, and nothing reaches a vendor", async () => {
  writeData({ customers: BASE.customers.filter((c) => c.id !== "bakery") });
  sandbox.requestLog.clear();
  const preview = await stack.run("preview");
  expect(preview.result.error).toMatch(/cannot be deleted\s+because it is protected/);
  expect(preview.result.error).toContain("bakery-");
  const up = await stack.run("up");
  expect(up.result.error).toMatch(/cannot be deleted\s+because it is protected/);
  expect(vendorWrites()).toEqual([]);
  expect(bakery("pulumi-nodejs:dynamic/outmail:Service")).toHaveLength(1);
  expect(sandbox.partner.snapshot().outmails.map((s) => s.username)).toContain("bakery-relay");
});

test("an approved removal is unprotected by the package's command and deleted; the rest stays protected", async () => {
  const today = new Date().toISOString().slice(0, 10);
  const bakeryNames = stack
    .resources()
    .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/") && /::bakery-[^:]*$/.test(r.urn))
    .map((r) => nameOfUrn(r.urn));
  expect(bakeryNames.sort()).toEqual(["bakery-console", "bakery-crediti300", "bakery-relay"]);
  const approvals = [
    ...bakeryNames.map((name) => ({ name, expires: today, reason: "customer left, ticket 4712" })),
    // An expired approval unprotects nothing.
    { name: "acme-relay", expires: "2020-01-01", reason: "old" },
  ];
  writeData({ customers: BASE.customers.filter((c) => c.id !== "bakery"), approvedDeletions: approvals });

  const dry = await stack.command(process.execPath, [
    installedCli,
    "unprotect",
    "--allow",
    dataFile,
    "--stack",
    stack.stack,
    "--dry-run",
  ]);
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain("would unprotect bakery-relay: approved until");
  expect(stack.resources().filter((r) => r.protect === false)).toEqual([]);

  const done = await stack.command(process.execPath, [
    installedCli,
    "unprotect",
    "--allow",
    dataFile,
    "--stack",
    stack.stack,
  ]);
  expect(done.code).toBe(0);
  expect(done.stdout).toContain("unprotected bakery-console");
  expect(done.stdout).toContain("left protected acme-relay: its allow-list entry expired on 2020-01-01");
  const unprotected = stack
    .resources()
    .filter((r) => r.protect !== true && r.type.startsWith("pulumi-nodejs:dynamic/"));
  expect(unprotected.map((r) => nameOfUrn(r.urn)).sort()).toEqual(bakeryNames.sort());

  sandbox.requestLog.clear();
  const up = await stack.run("up");
  expect(up.result.error).toBeUndefined();
  expect(up.result.summary?.resourceChanges).toMatchObject({ delete: 3 });
  expect(vendorWrites().length).toBeGreaterThan(0);
  expect(sandbox.partner.snapshot().outmails.map((s) => s.username)).not.toContain("bakery-relay");
  const left = stack.resources().filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
  expect(left.every((r) => r.protect === true && !r.urn.includes("::bakery-"))).toBe(true);
});
