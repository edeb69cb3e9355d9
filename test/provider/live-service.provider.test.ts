/**
 * partner.LiveService's provider operations against the sandbox over loopback (no mock of our HTTP
 * layer): taking a service of each product over without a write, regrades within the product, the
 * check that refuses another product's tariff, un/suspension with KB 405's system rule, read, delete,
 * and the live-service lookups.
 */
import { partner } from "../../provider";
import { AdoptionMismatchError, VendorNotFoundError } from "../../provider/core/transport/errors";
import {
  LiveServiceInputs,
  LiveServiceOutputs,
  PARTNER_PRODUCTS,
  implementation,
} from "../../provider/partner/live-service";
import { Sandbox, startSandbox } from "../../sandbox/server";
import { sandboxEnv, useSandboxConfig } from "../harness/sandbox-config";

jest.setTimeout(30_000);

let sandbox: Sandbox;
const saved = { ...process.env };

function partnerCalls(): string[] {
  return sandbox.requests.filter((r) => r.vendor === "partner").map((r) => `${r.method} ${r.path}`);
}

function writes(calls: string[]): string[] {
  return calls.filter((c) => !c.startsWith("GET "));
}

/** A backupMX service bought in the portal (the API cannot create one), fresh for each test. */
function portalService(overrides: { product?: string; tariff?: string; clientId?: string } = {}): string {
  return sandbox.partner.addPortalLiveService({
    product: overrides.product ?? "backupMX",
    tariff_service_name: overrides.tariff ?? "BackupMX1",
    client_id: overrides.clientId ?? "9987606",
  }).id;
}

function inputs(liveServiceId: string, overrides: Partial<LiveServiceInputs> = {}): LiveServiceInputs {
  return { liveServiceId, product: "backupMX", serviceName: "BackupMX1", suspended: false, ...overrides };
}

async function checked(
  olds: Partial<LiveServiceInputs>,
  news: Record<string, unknown>,
): Promise<{ inputs?: LiveServiceInputs; failures: { property: string; reason: string }[] }> {
  const result = await implementation.check(olds as LiveServiceInputs, news as LiveServiceInputs);
  return {
    inputs: result.inputs,
    failures: (result.failures ?? []) as { property: string; reason: string }[],
  };
}

async function created(input: LiveServiceInputs): Promise<{ id: string; outs: LiveServiceOutputs }> {
  const result = await implementation.create(input);
  return { id: result.id, outs: result.outs! };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  useSandboxConfig(sandbox.url);
  // The lookups run in programs: outside a Pulumi run they read the environment.
  Object.assign(process.env, sandboxEnv(sandbox.url));
});

afterEach(() => {
  sandbox.faults.clear();
  sandbox.partner.setCredits(1000);
});

afterAll(async () => {
  process.env = saved;
  await sandbox.close();
});

describe("check", () => {
  test("accepts a tariff of the product and records its credit cost", async () => {
    const { inputs: checkedInputs, failures } = await checked({}, inputs("1234801"));
    expect(failures).toEqual([]);
    expect(checkedInputs).toMatchObject({ serviceName: "BackupMX1", tariffCredits: 3, suspended: false });
    // Taking a service over charges nothing.
    expect(checkedInputs!.spend).toEqual({ amount: 0, unit: expect.any(String) });
  });

  test("refuses another product's tariff, naming the product's own tariffs", async () => {
    const olds = { ...inputs("1234801"), tariffCredits: 3 };
    const { failures } = await checked(olds, { ...inputs("1234801"), serviceName: "Outmail500" });
    expect(failures).toEqual([
      {
        property: "serviceName",
        reason: expect.stringContaining(
          '"Outmail500" is a outMail tariff, and a backupMX service can only be regraded to backupMX tariffs; backupMX tariffs: BackupMX1, BackupMX5',
        ),
      },
    ]);
  });

  test("refuses a tariff the Partner API does not list", async () => {
    const { failures } = await checked({}, inputs("1234801", { serviceName: "BackupMX99" }));
    expect(failures).toEqual([
      {
        property: "serviceName",
        reason: expect.stringContaining('"BackupMX99" is not in the Partner API\'s tariff list'),
      },
    ]);
  });

  test("refuses a product or client change on the same service, and an unknown product", async () => {
    const olds = { ...inputs("1234801", { clientId: "9987606" }), tariffCredits: 3 };
    const moved = await checked(olds, {
      ...inputs("1234801"),
      product: "Profilter",
      clientId: "987606",
    });
    expect(moved.failures.map((f) => f.property)).toEqual(["product", "clientId"]);
    expect(moved.failures[0].reason).toContain(
      "cannot change; to manage another service, change liveServiceId",
    );
    const bad = await checked({}, { ...inputs("1234801"), product: "backupmx" });
    expect(bad.failures).toEqual([
      {
        property: "product",
        reason: expect.stringContaining(PARTNER_PRODUCTS.map((p) => `"${p}"`).join(", ")),
      },
    ]);
  });

  test("records a regrade's direction and cost for the policy pack", async () => {
    const olds = { ...inputs("1234801"), tariffCredits: 3 };
    const up = await checked(olds, { ...inputs("1234801"), serviceName: "BackupMX5" });
    expect(up.inputs!.transition).toMatchObject({
      from: "BackupMX1",
      to: "BackupMX5",
      direction: "up",
      basis: "credits",
    });
    expect(up.inputs!.spend!.amount).toBe(12);
    const down = await checked({ ...olds, serviceName: "BackupMX5", tariffCredits: 12 }, inputs("1234801"));
    expect(down.inputs!.transition).toMatchObject({ direction: "down", fromRank: 12, toRank: 3 });
    // An unchanged preview makes no call: the recorded cost is carried, not looked up again (the
    // state's 7 is not the catalogue's 3, so a look-up would show).
    const before = partnerCalls().length;
    const same = await checked({ ...olds, tariffCredits: 7 }, inputs("1234801"));
    expect(same.inputs!.tariffCredits).toBe(7);
    expect(partnerCalls().length).toBe(before);
  });
});

describe("create takes the service over and writes nothing", () => {
  test.each([
    ["backupMX", "BackupMX1"],
    ["Profilter", "Profilter10"],
    ["fakeMX", "FakeMX1"],
    ["masterDNS", "MasterDNS10"],
    ["backupDNS", "BackupDNS10"],
    ["outMail", "Outmail500"],
  ])("a %s service", async (product, tariff) => {
    const id =
      product === "outMail"
        ? sandbox.partner.createOutmail({
            service_name: tariff,
            client_id: "9987606",
            username: `take-over-${Date.now()}`,
            password: "take-over-password",
          }).live_service_id
        : portalService({ product, tariff });
    const before = partnerCalls().length;
    const { id: resourceId, outs } = await created(
      inputs(id, {
        product: product as LiveServiceInputs["product"],
        serviceName: tariff,
        clientId: "9987606",
      }),
    );
    const calls = partnerCalls().slice(before);
    expect(resourceId).toBe(id);
    expect(outs).toMatchObject({
      liveServiceId: id,
      product,
      serviceName: tariff,
      suspended: false,
      suspendedBySystem: false,
    });
    expect(writes(calls)).toEqual([]);
  });

  test("fails listing each difference when the service is not what the program declares", async () => {
    const id = portalService();
    const err = await implementation
      .create(inputs(id, { serviceName: "BackupMX5", suspended: true, clientId: "987606" }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdoptionMismatchError);
    expect((err as AdoptionMismatchError).differences.map((d) => d.name)).toEqual([
      "serviceName",
      "suspended",
      "clientId",
    ]);
    expect(writes(partnerCalls())).toEqual([]);
  });

  test("fails naming the id when the service does not exist", async () => {
    const err = await implementation.create(inputs("999999")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorNotFoundError);
    expect((err as Error).message).toContain("Cannot take over live service 999999: it does not exist");
  });
});

describe("update", () => {
  test("a regrade is one PATCH, and an interrupted one is not sent twice", async () => {
    const id = portalService();
    const { outs } = await created(inputs(id));
    const before = partnerCalls().length;
    const result = await implementation.update(
      id,
      { ...outs, tariffCredits: 3 },
      { ...inputs(id), serviceName: "BackupMX5" },
    );
    expect(writes(partnerCalls().slice(before))).toEqual([`PATCH /partner/api-v1/live_services/${id}`]);
    expect(result.outs).toMatchObject({ serviceName: "BackupMX5" });
    expect(sandbox.partner.getLiveService(id).tariff_service_name).toBe("BackupMX5");
    // Run again (a state that still says BackupMX1): the live service already is on the target.
    const again = partnerCalls().length;
    await implementation.update(id, outs, { ...inputs(id), serviceName: "BackupMX5" });
    expect(writes(partnerCalls().slice(again))).toEqual([]);
  });

  test("a regrade the vendor would refuse fails with the allowed targets, before any write", async () => {
    const id = portalService();
    const { outs } = await created(inputs(id));
    const before = partnerCalls().length;
    await expect(
      implementation.update(id, outs, { ...inputs(id), serviceName: "Outmail500" }),
    ).rejects.toThrow(
      `Could not regrade backupMX live service ${id} from BackupMX1 to Outmail500: the target is not in regrade_servicenames [BackupMX5]`,
    );
    sandbox.partner.setCredits(2);
    await expect(
      implementation.update(id, outs, { ...inputs(id), serviceName: "BackupMX5" }),
    ).rejects.toThrow("it costs 9 partner credits and the balance is 2 (short by 7)");
    expect(writes(partnerCalls().slice(before))).toEqual([]);
  });

  test("suspends and unsuspends", async () => {
    const id = portalService();
    const { outs } = await created(inputs(id));
    const suspended = await implementation.update(id, outs, { ...inputs(id), suspended: true });
    expect(sandbox.partner.getLiveService(id).status).toBe("suspended");
    expect(suspended.outs).toMatchObject({ suspended: true, suspendedBySystem: false });
    await implementation.update(id, suspended.outs!, inputs(id));
    expect(sandbox.partner.getLiveService(id).status).toBe("active");
  });

  test("does not try to lift a suspension Prolateral made (KB 405)", async () => {
    const id = portalService();
    sandbox.partner.suspendBySystem(id);
    const { outs } = await created(inputs(id, { suspended: true }));
    expect(outs.suspendedBySystem).toBe(true);
    const before = partnerCalls().length;
    await expect(implementation.update(id, outs, inputs(id))).rejects.toThrow(
      /cannot unsuspend backupMX live service \d+: Prolateral suspended it; a service suspended by the system \(abuse, billing, …\) cannot be unsuspended through the Partner API \(Prolateral KB 405\)/,
    );
    expect(writes(partnerCalls().slice(before))).toEqual([]);
    expect(sandbox.partner.getLiveService(id)).toMatchObject({ status: "suspended", suspended_by: "system" });
  });
});

describe("read and delete", () => {
  test("read reports the live service, a portal regrade as drift, and a deleted one as gone", async () => {
    const id = portalService();
    const { outs } = await created(inputs(id, { clientId: "9987606" }));
    const same = await implementation.read(id, outs);
    expect(same.props).toEqual({
      liveServiceId: id,
      product: "backupMX",
      serviceName: "BackupMX1",
      clientId: "9987606",
      suspended: false,
      suspendedBySystem: false,
    });
    sandbox.partner.updateLiveService(id, { tariff_service_name: "BackupMX5" });
    const drifted = await implementation.read(id, outs);
    expect(drifted.inputs).toMatchObject({ serviceName: "BackupMX5" });
    await implementation.delete(id, outs);
    expect(await implementation.read(id, outs)).toEqual({});
    // Already gone counts as deleted.
    await expect(implementation.delete(id, outs)).resolves.toBeUndefined();
  });
});

describe("import (pulumi import: read with the id alone)", () => {
  test("reads every input from the record, the owner included, with reads only", async () => {
    const id = portalService({ product: "Profilter", tariff: "Profilter10" });
    const before = partnerCalls().length;
    const imported = await implementation.read(id, undefined);
    expect(writes(partnerCalls().slice(before))).toEqual([]);
    expect(imported.id).toBe(id);
    expect(imported.inputs).toEqual({
      liveServiceId: id,
      product: "Profilter",
      serviceName: "Profilter10",
      clientId: "9987606",
      suspended: false,
    });
    expect(imported.props).toMatchObject({ suspendedBySystem: false });
    // The generated program declares what was read: no change.
    const { inputs: declared } = await checked(imported.inputs!, { ...imported.inputs! });
    expect((await implementation.diff(id, imported.props!, declared!)).changes).toBe(false);
  });

  test("reports an id that is not a live service as gone", async () => {
    expect(await implementation.read("999999", undefined)).toEqual({});
  });
});

describe("lookups", () => {
  test("getLiveServices lists every product, one client's, or one product's", async () => {
    const all = await partner.getLiveServices();
    expect(new Set(all.map((s) => s.product))).toEqual(
      new Set([
        "backupMX",
        "Profilter",
        "fakeMX",
        "masterDNS",
        "backupDNS",
        ...(all.some((s) => s.product === "outMail") ? ["outMail"] : []),
      ]),
    );
    const mine = await partner.getLiveServices({ clientId: "1002345" });
    expect(mine.map((s) => s.liveServiceId)).toEqual(expect.arrayContaining(["1234804", "1234805"]));
    expect(mine.every((s) => s.clientId === "1002345")).toBe(true);
    const mx = await partner.getLiveServices({ product: "BACKUPMX" });
    expect(mx.length).toBeGreaterThan(0);
    expect(mx.every((s) => s.product === "backupMX")).toBe(true);
    expect(mx.find((s) => s.liveServiceId === "1234801")).toMatchObject({
      serviceName: "BackupMX1",
      suspended: false,
      suspendedBySystem: false,
      regradeServiceNames: ["BackupMX5"],
    });
  });
});
