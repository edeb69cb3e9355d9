/**
 * partner.LiveService through the real Pulumi CLI and engine, against the sandbox over loopback, on a
 * backupMX service bought in the portal (the Partner API cannot create one): taking it over writes
 * nothing; a regrade is one PATCH, in place; a downgrade is blocked by the installed policy pack in
 * preview; suspend and unsuspend; refresh finds no drift; destroy deletes it. Each step prints the
 * vendor calls it made (the closing note of issue 16 quotes them).
 */
import axios from "axios";
import * as path from "node:path";

import { Sandbox, startSandbox } from "../../sandbox/server";
import { EngineStack, policyPackArgument, repoRoot } from "../harness/engine-stack";

jest.setTimeout(600_000);

const TYPE = "pulumi-nodejs:dynamic/partner:LiveService";
/** The sandbox's portal-bought backupMX service (sandbox/README.md, seed). */
const BACKUP_MX = "1234801";
const POLICY_PACK = policyPackArgument(path.join(repoRoot, "policy"));

let sandbox: Sandbox;
let stack: EngineStack;
const callsByStep: [string, string[]][] = [];

function program(tariff: string, suspended = false): string {
  return `
import { partner } from "pulumi-mailreseller";

const mx = new partner.LiveService("backup-mx", {
  liveServiceId: "${BACKUP_MX}",
  product: "backupMX",
  serviceName: "${tariff}",
  clientId: "9987606",
  suspended: ${suspended},
});
export const serviceName = mx.serviceName;
`;
}

async function vendorCalls(): Promise<string[]> {
  const res = await axios.get<{ requests: { vendor: string; method: string; path: string }[] }>(
    `${sandbox.url}/__sandbox/requests`,
  );
  return res.data.requests
    .filter((r) => r.vendor === "partner")
    .map((r) => `${r.method} ${r.path.replace("/partner/api-v1", "")}`);
}

async function step(name: string, run: () => Promise<void>): Promise<string[]> {
  await axios.delete(`${sandbox.url}/__sandbox/requests`);
  await run();
  const calls = await vendorCalls();
  callsByStep.push([name, calls]);
  return calls;
}

const writesOf = (calls: string[]) => calls.filter((c) => !c.startsWith("GET "));
const live = () => sandbox.partner.getLiveService(BACKUP_MX);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  stack = new EngineStack({
    name: "live-service",
    sandboxUrl: sandbox.url,
  });
});

afterAll(async () => {
  console.log(
    `Vendor calls of each step (partner.LiveService, backupMX ${BACKUP_MX}):\n` +
      callsByStep
        .map(([name, calls]) => `  ${name}: ${calls.length === 0 ? "none" : calls.join(", ")}`)
        .join("\n"),
  );
  stack?.dispose();
  await sandbox?.close();
});

test("1. up takes the backupMX service over with zero writes", async () => {
  stack.writeProgram(program("BackupMX1"));
  const calls = await step("take over (up)", async () => {
    const up = await stack.run("up");
    expect(up.result.error).toBeUndefined();
    expect(up.result.summary?.resourceChanges).toEqual({ create: 2 });
  });
  expect(writesOf(calls)).toEqual([]);
  expect(calls).toEqual(["GET /live_services/service_names", `GET /live_services/${BACKUP_MX}`]);
  const [resource] = stack.resourcesOfType(TYPE);
  expect(resource.id).toBe(BACKUP_MX);
  expect(resource.outputs).toMatchObject({ product: "backupMX", serviceName: "BackupMX1", suspended: false });
});

test("2. up regrades it in place with one PATCH", async () => {
  stack.writeProgram(program("BackupMX5"));
  const credits = sandbox.partner.partnerCredits;
  const calls = await step("regrade BackupMX1 → BackupMX5 (up)", async () => {
    const up = await stack.run("up");
    expect(up.result.summary?.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(up.steps.find((s) => s.type === TYPE)?.op).toBe("update");
  });
  expect(writesOf(calls)).toEqual([`PATCH /live_services/${BACKUP_MX}`]);
  expect(live().tariff_service_name).toBe("BackupMX5");
  expect(sandbox.partner.partnerCredits).toBe(credits - 9); // BackupMX1 (3) → BackupMX5 (12)
  expect(stack.resourcesOfType(TYPE)[0].id).toBe(BACKUP_MX);
});

test("3. the policy pack blocks a downgrade in preview; nothing is written", async () => {
  stack.writeProgram(program("BackupMX1"));
  const calls = await step("downgrade BackupMX5 → BackupMX1 (preview --policy-pack)", async () => {
    const preview = await stack.run("preview", ["--json", "--policy-pack", POLICY_PACK]);
    expect(preview.code).not.toBe(0);
    expect(preview.policyViolations).toEqual([
      expect.objectContaining({
        policyName: "live-service-no-downgrade",
        enforcementLevel: "mandatory",
        message: expect.stringContaining(
          'partner.LiveService "backup-mx" (backupMX): regrade BackupMX5 → BackupMX1 is a downgrade (12 → 3 credits).',
        ),
      }),
    ]);
  });
  expect(writesOf(calls)).toEqual([]);
  expect(live().tariff_service_name).toBe("BackupMX5");
});

test("4. suspend, then unsuspend, in place", async () => {
  stack.writeProgram(program("BackupMX5", true));
  const suspend = await step("suspend (up)", async () => {
    const up = await stack.run("up");
    expect(up.result.summary?.resourceChanges).toEqual({ same: 1, update: 1 });
  });
  expect(writesOf(suspend)).toEqual([`PATCH /live_services/${BACKUP_MX}`]);
  expect(live()).toMatchObject({ status: "suspended", suspended_by: "partner" });

  stack.writeProgram(program("BackupMX5", false));
  const unsuspend = await step("unsuspend (up)", async () => {
    const up = await stack.run("up");
    expect(up.result.summary?.resourceChanges).toEqual({ same: 1, update: 1 });
  });
  // One read first: a suspension Prolateral made cannot be lifted through the API (KB 405).
  expect(unsuspend).toEqual([`GET /live_services/${BACKUP_MX}`, `PATCH /live_services/${BACKUP_MX}`]);
  expect(live()).toMatchObject({ status: "active" });
});

test("5. refresh finds no drift", async () => {
  const before = stack.resourcesOfType(TYPE)[0];
  const calls = await step("refresh", async () => {
    const refresh = await stack.run("refresh");
    expect(refresh.result.summary?.result).toBe("succeeded");
    expect(refresh.result.summary?.resourceChanges).toEqual({ same: 2 });
  });
  expect(calls).toEqual([`GET /live_services/${BACKUP_MX}`]);
  // Everything the vendor reports is as it was; only check's bookkeeping for the policy pack
  // (`policyFacts`, recomputed at the next check) is not carried by a read.
  const { policyFacts: _after, ...after } = stack.resourcesOfType(TYPE)[0].outputs ?? {};
  const { policyFacts: _before, ...previous } = before.outputs ?? {};
  expect(after).toEqual(previous);
  expect(after).toMatchObject({ serviceName: "BackupMX5", suspended: false, suspendedBySystem: false });
});

test("6. destroy deletes the live service", async () => {
  const calls = await step("destroy", async () => {
    const destroy = await stack.run("destroy");
    expect(destroy.result.summary?.resourceChanges).toEqual({ delete: 2 });
  });
  expect(calls).toEqual([`DELETE /live_services/${BACKUP_MX}`]);
  expect(sandbox.partner.snapshot().live_services.map((s) => s.id)).not.toContain(BACKUP_MX);
});
