/**
 * outmail.Service's provider operations against the sandbox over loopback (no mock of our HTTP layer):
 * every operation, vendor errors, faults, and that no credential leaks into any error.
 */
import { setProviderConfig } from "../../provider/core/transport/config";
import {
  AdoptionMismatchError,
  OutcomeUnknownError,
  VendorConflictError,
  VendorConnectionError,
  VendorNotFoundError,
  VendorServerError,
} from "../../provider/core/transport/errors";
import { ServiceInputs, ServiceOutputs, implementation } from "../../provider/partner/service";
import { PartnerApi } from "../../provider/partner/client";
import { DEFAULT_PARTNER_API_KEY, DEFAULT_PARTNER_ID, Sandbox, startSandbox } from "../../sandbox/server";
import { useSandboxConfig } from "../harness/sandbox-config";

jest.setTimeout(30_000);

let sandbox: Sandbox;
let api: PartnerApi;
let counter = 0;

function newInputs(overrides: Partial<ServiceInputs> = {}): ServiceInputs {
  counter += 1;
  return {
    clientId: "9987606",
    serviceName: "Outmail500",
    username: `provider-test-${counter}`,
    password: "provider-test-password",
    suspended: false,
    ...overrides,
  };
}

function partnerRequests(filter: { method?: string; path?: string } = {}) {
  return sandbox.requests.filter(
    (r) =>
      r.vendor === "partner" &&
      (filter.method === undefined || r.method === filter.method) &&
      (filter.path === undefined || r.path.includes(filter.path)),
  );
}

async function create(inputs: ServiceInputs): Promise<{ id: string; outs: ServiceOutputs }> {
  const result = await implementation.create(inputs);
  return { id: result.id, outs: result.outs! };
}

async function expectError(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).not.toContain(DEFAULT_PARTNER_API_KEY);
    expect((err as Error).message).not.toMatch(/\.\./);
    return err as Error;
  }
  throw new Error("expected the operation to fail");
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  useSandboxConfig(sandbox.url);
  api = new PartnerApi(`${sandbox.url}/partner/api-v1`, DEFAULT_PARTNER_ID, DEFAULT_PARTNER_API_KEY);
});

afterEach(() => {
  sandbox.faults.clear();
  sandbox.partner.setCredits(1000);
});

afterAll(async () => {
  await sandbox.close();
});

describe("create", () => {
  it("creates with one call and returns inputs plus the vendor's ids", async () => {
    sandbox.requestLog.clear();
    const inputs = newInputs({ billingServiceId: "1324578" });
    const { id, outs } = await create(inputs);
    expect(partnerRequests()).toHaveLength(1);
    expect(outs).toMatchObject({ ...inputs, liveServiceId: id });
    const live = await api.getOutmail(outs.outmailId);
    expect(live).toMatchObject({
      username: inputs.username,
      service_name: "Outmail500",
      whmcs_serviceid: "1324578",
    });
  });

  it("creates a suspended service when asked", async () => {
    const { id } = await create(newInputs({ suspended: true }));
    expect((await api.getLiveService(id)).status).toBe("suspended");
  });

  it("records a created service whose suspension failed as created-but-unfinished, so nothing is orphaned", async () => {
    sandbox.faults.add({
      vendor: "partner",
      method: "PATCH",
      path: "/live_services/",
      kind: "error",
      status: 500,
    });
    const err = (await expectError(create(newInputs({ suspended: true })))) as Error & {
      id?: string;
      properties?: ServiceOutputs;
    };
    expect(err.id).toMatch(/^\d+$/);
    // State will say "not suspended", so the next `up` diffs and suspends it in place.
    expect(err.properties).toMatchObject({ liveServiceId: err.id, suspended: false });
    expect((await api.getLiveService(err.id!)).status).toBe("active");
  });

  it("names the vendor, operation and code when the tariff is unknown", async () => {
    const err = await expectError(create(newInputs({ serviceName: "Outmail999" })));
    expect(err.message).toMatch(
      /^outMail Partner API: could not create outMail service \(username provider-test-\d+\): HTTP 422/,
    );
    expect(err.message).toContain("Outmail999");
  });

  it("takes over the service that holds the username when it matches exactly, and explains one that differs", async () => {
    const inputs = newInputs();
    const { id } = await create(inputs);
    // What a run killed after the vendor created it leaves: the same username, the same program.
    const again = await create({ ...inputs, password: "rotated-password-2" });
    expect(again.id).toBe(id);
    expect(sandbox.partner.snapshot().outmails.filter((o) => o.username === inputs.username)).toHaveLength(1);
    expect(
      partnerRequests({ method: "PUT" }).length + partnerRequests({ method: "PATCH" }).length,
    ).toBeGreaterThan(0);
    const err = await expectError(create({ ...inputs, serviceName: "Outmail1000" }));
    expect(err).toBeInstanceOf(VendorConflictError);
    expect(err.message).toContain("HTTP 409");
    expect(err.message).toContain('serviceName: program "Outmail1000", live "Outmail500"');
    expect(err.message).toContain(`adopt: "${id}"`);
  });

  it("with mailreseller:takeOverExisting never, says how to adopt instead of taking over", async () => {
    const inputs = newInputs();
    await create(inputs);
    process.env.MAILRESELLER_TAKE_OVER_EXISTING = "never";
    try {
      const err = await expectError(create({ ...inputs }));
      expect(err.message).toContain('mailreseller:takeOverExisting is "never"');
    } finally {
      delete process.env.MAILRESELLER_TAKE_OVER_EXISTING;
    }
  });

  it("reports the credit shortfall when creation cannot be paid", async () => {
    sandbox.partner.setCredits(2);
    const err = await expectError(create(newInputs()));
    expect(err.message).toContain("HTTP 405");
    expect(err.message).toMatch(/credits do not cover Outmail500/);
    expect(sandbox.partner.partnerCredits).toBe(2);
  });

  it("recovers a create whose response was lost without creating a second service", async () => {
    const inputs = newInputs();
    sandbox.faults.add({ vendor: "partner", method: "POST", path: "/outmails", kind: "drop-after-write" });
    sandbox.requestLog.clear();
    const { id, outs } = await create(inputs);
    expect(partnerRequests({ method: "POST" })).toHaveLength(1);
    expect(partnerRequests({ method: "GET", path: "/outmails" })).toHaveLength(1);
    const matching = sandbox.partner.snapshot().outmails.filter((o) => o.username === inputs.username);
    expect(matching).toHaveLength(1);
    expect(outs.liveServiceId).toBe(id);
  });

  it("does not resend a create answered 503, and says nothing was created", async () => {
    const inputs = newInputs();
    sandbox.faults.add({ vendor: "partner", method: "POST", path: "/outmails", kind: "error", status: 503 });
    sandbox.requestLog.clear();
    const err = await expectError(create(inputs));
    expect(partnerRequests({ method: "POST" })).toHaveLength(1);
    expect(err.message).toContain("HTTP 503");
    expect(err.message).toContain("nothing was created; it is safe to run `pulumi up` again");
  });

  it("throws OutcomeUnknownError when the create's answer was lost and the look-up failed too", async () => {
    const inputs = newInputs();
    sandbox.faults.add({ vendor: "partner", method: "POST", path: "/outmails", kind: "drop-after-write" });
    sandbox.faults.add({ vendor: "partner", method: "GET", path: "/outmails", kind: "error", times: 0 });
    sandbox.requestLog.clear();
    const err = await expectError(create(inputs));
    sandbox.faults.clear();
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect(err.name).toBe("OutcomeUnknownError");
    expect(err.cause).toBeInstanceOf(VendorConnectionError);
    expect((err as OutcomeUnknownError).lookupError).toBeInstanceOf(VendorServerError);
    expect(err).toMatchObject({ vendor: "partner", operation: "create outMail service" });
    expect(err.message).toMatch(
      new RegExp(
        `^outMail Partner API: could not create outMail service \\(username ${inputs.username}\\): ECONNRESET: .*` +
          "The outcome is unknown: looking it up afterwards failed too \\(outMail Partner API: could not look up outMail service by username .*HTTP 503",
      ),
    );
    expect(err.message).toContain(
      `Look for an outMail service with username ${inputs.username} in the portal`,
    );
    expect(partnerRequests({ method: "POST" })).toHaveLength(1);
  });

  it("treats a dropped create connection as ambiguous: looks it up and never resends", async () => {
    const inputs = newInputs();
    sandbox.faults.add({ vendor: "partner", method: "POST", path: "/outmails", kind: "drop" });
    sandbox.requestLog.clear();
    const err = await expectError(create(inputs));
    expect(partnerRequests({ method: "POST" })).toHaveLength(1);
    expect(err.message).toMatch(/nothing was created/);
  });
});

describe("adopt", () => {
  it("takes over a matching live service without creating one", async () => {
    const existing = await api.createOutmail({
      ...newInputs(),
      clientId: "987606",
      serviceName: "Outmail250",
    });
    sandbox.requestLog.clear();
    const inputs = newInputs({
      clientId: "987606",
      serviceName: "Outmail250",
      username: existing.username,
      adopt: existing.live_service_id,
    });
    const { id, outs } = await create(inputs);
    expect(id).toBe(existing.live_service_id);
    expect(outs.outmailId).toBe(existing.id);
    expect(partnerRequests().every((r) => r.method === "GET")).toBe(true);
  });

  it("fails listing every difference, changing nothing", async () => {
    const existing = await api.createOutmail({ ...newInputs(), serviceName: "Outmail250" });
    const inputs = newInputs({
      username: existing.username,
      serviceName: "Outmail1000",
      suspended: true,
      adopt: existing.live_service_id,
    });
    const err = await expectError(create(inputs));
    expect(err).toBeInstanceOf(AdoptionMismatchError);
    expect(err.name).toBe("AdoptionMismatchError");
    expect((err as AdoptionMismatchError).differences).toEqual([
      { name: "serviceName", program: "Outmail1000", live: "Outmail250" },
      { name: "suspended", program: true, live: false },
    ]);
    expect(err.message).toContain(
      `cannot adopt live service ${existing.live_service_id}: it differs from the program`,
    );
    expect(err.message).toContain('serviceName: program "Outmail1000", live "Outmail250"');
    expect(err.message).toContain("suspended: program true, live false");
    expect((await api.getLiveService(existing.live_service_id)).tariff_service_name).toBe("Outmail250");
  });

  it("fails clearly when the live service does not exist", async () => {
    const err = await expectError(create(newInputs({ adopt: "999999" })));
    // The vendor's 404 keeps its class, with the read's own error as cause.
    expect(err).toBeInstanceOf(VendorNotFoundError);
    expect(err.cause).toBeInstanceOf(VendorNotFoundError);
    expect(err.message).toMatch(
      /^outMail Partner API: could not read live service \(live service 999999\): HTTP 404/,
    );
    expect(err.message).toContain("Cannot adopt live service 999999: it does not exist");
  });
});

describe("read", () => {
  it("reads the live service back with one call and reports drift as inputs", async () => {
    const { id, outs } = await create(newInputs());
    await api.regradeLiveService(id, "Outmail2500");
    sandbox.requestLog.clear();
    const result = await implementation.read(id, outs);
    expect(partnerRequests()).toHaveLength(1);
    expect(result.id).toBe(id);
    expect(result.props).toMatchObject({ serviceName: "Outmail2500", password: outs.password });
    expect(result.inputs).toMatchObject({ serviceName: "Outmail2500" });
  });

  it("reports a service deleted outside Pulumi as gone", async () => {
    const { id, outs } = await create(newInputs());
    await api.deleteLiveService(id);
    expect(await implementation.read(id, outs)).toEqual({});
  });

  it("retries an idempotent read through 503s and a 429 with Retry-After", async () => {
    const { id, outs } = await create(newInputs());
    sandbox.faults.add({
      vendor: "partner",
      method: "GET",
      path: "/outmails/",
      kind: "error",
      status: 503,
      times: 2,
    });
    sandbox.faults.add({
      vendor: "partner",
      method: "GET",
      path: "/outmails/",
      kind: "rate-limit",
      retryAfterSeconds: 1,
    });
    sandbox.requestLog.clear();
    const started = Date.now();
    const result = await implementation.read(id, outs);
    expect(result.id).toBe(id);
    expect(partnerRequests()).toHaveLength(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("gives up after a bounded number of attempts", async () => {
    const { id, outs } = await create(newInputs());
    sandbox.faults.add({ vendor: "partner", method: "GET", kind: "error", status: 502, times: 0 });
    sandbox.requestLog.clear();
    const err = await expectError(implementation.read(id, outs));
    expect(err.message).toContain("HTTP 502");
    expect(partnerRequests()).toHaveLength(4);
  });
});

describe("import (pulumi import: read with the id alone)", () => {
  it("reads the service by its live service id, leaving out the password, and takes the program's as it is", async () => {
    const { id, outs } = await create(newInputs({ billingServiceId: "1324578" }));
    sandbox.requestLog.clear();
    const imported = await implementation.read(id, undefined);
    expect(partnerRequests({ method: "GET" })).toHaveLength(2);
    expect(partnerRequests().filter((r) => r.method !== "GET")).toEqual([]);
    expect(imported.id).toBe(id);
    expect(imported.inputs).toEqual({
      clientId: outs.clientId,
      serviceName: outs.serviceName,
      username: outs.username,
      billingServiceId: "1324578",
      suspended: false,
    });
    const declared = { ...imported.inputs!, password: "declared-after-import" };
    expect((await implementation.diff(id, imported.props!, declared)).changes).toBe(false);
    // Once the state records it, a new password is a change again.
    const recorded = { ...imported.props!, password: "declared-after-import" };
    expect(
      await implementation.diff(id, recorded, { ...declared, password: "rotated-password" }),
    ).toMatchObject({
      changes: true,
      replaces: [],
    });
  });

  it("refuses a live service of another product, naming the resource to import it as", async () => {
    const id = sandbox.partner.addPortalLiveService({
      product: "backupMX",
      tariff_service_name: "BackupMX1",
      client_id: "9987606",
    }).id;
    const err = await expectError(implementation.read(id, undefined));
    expect(err.message).toContain(`live service ${id} is a backupMX service`);
    expect(err.message).toContain("import it as a partner.LiveService");
  });
});

describe("update", () => {
  it("regrades in place and deducts the difference in credits", async () => {
    const { id, outs } = await create(newInputs());
    const before = sandbox.partner.partnerCredits;
    const result = await implementation.update(id, outs, { ...outs, serviceName: "Outmail1000" });
    expect(result.outs).toMatchObject({ serviceName: "Outmail1000", liveServiceId: id });
    expect((await api.getLiveService(id)).tariff_service_name).toBe("Outmail1000");
    expect(sandbox.partner.partnerCredits).toBe(before - 10);
  });

  it("skips the PATCH when an interrupted run already regraded", async () => {
    const { id, outs } = await create(newInputs());
    await api.regradeLiveService(id, "Outmail1000");
    sandbox.requestLog.clear();
    await implementation.update(id, outs, { ...outs, serviceName: "Outmail1000" });
    expect(partnerRequests({ method: "PATCH" })).toHaveLength(0);
  });

  it("confirms a regrade whose answer was lost by reading the service, and charges it once", async () => {
    const { id, outs } = await create(newInputs());
    const before = sandbox.partner.partnerCredits;
    sandbox.faults.add({ vendor: "partner", method: "PATCH", kind: "drop-after-write" });
    sandbox.requestLog.clear();
    const result = await implementation.update(id, outs, { ...outs, serviceName: "Outmail1000" });
    expect(result.outs).toMatchObject({ serviceName: "Outmail1000" });
    expect(partnerRequests({ method: "PATCH" })).toHaveLength(1);
    expect(sandbox.partner.partnerCredits).toBe(before - 10);
  });

  it("throws OutcomeUnknownError when a regrade's answer was lost and the check afterwards failed too", async () => {
    const { id, outs } = await create(newInputs());
    const before = sandbox.partner.partnerCredits;
    const liveService = `/live_services/${id}`;
    // The regrade's own first read passes (a 0 ms latency uses up the first rule); the PATCH is applied
    // and its answer lost; every later read of the service fails.
    sandbox.faults.add({
      vendor: "partner",
      method: "GET",
      path: liveService,
      kind: "latency",
      latencyMs: 0,
    });
    sandbox.faults.add({ vendor: "partner", method: "PATCH", path: liveService, kind: "drop-after-write" });
    sandbox.faults.add({ vendor: "partner", method: "GET", path: liveService, kind: "error", times: 0 });
    sandbox.requestLog.clear();
    const err = await expectError(implementation.update(id, outs, { ...outs, serviceName: "Outmail1000" }));
    sandbox.faults.clear();
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect(err.cause).toBeInstanceOf(VendorConnectionError);
    expect((err as OutcomeUnknownError).lookupError).toBeInstanceOf(VendorServerError);
    expect(err.message).toContain(`could not regrade live service to Outmail1000 (live service ${id})`);
    expect(err.message).toContain("The outcome is unknown: looking it up afterwards failed too");
    expect(err.message).toContain("Check the object at the vendor before running `pulumi up` again");
    expect(err.message).not.toContain("safe to run");
    // It was applied (and charged) once; never sent again.
    expect(partnerRequests({ method: "PATCH" })).toHaveLength(1);
    expect(sandbox.partner.partnerCredits).toBe(before - 10);
  });

  it("does not resend a regrade answered 503, and says the service is unchanged", async () => {
    const { id, outs } = await create(newInputs());
    sandbox.faults.add({ vendor: "partner", method: "PATCH", kind: "error", status: 503 });
    sandbox.requestLog.clear();
    const err = await expectError(implementation.update(id, outs, { ...outs, serviceName: "Outmail1000" }));
    expect(err.message).toContain(
      `could not regrade live service to Outmail1000 (live service ${id}): HTTP 503`,
    );
    expect(err.message).toContain(`Live service ${id} is still on Outmail500, so nothing was regraded`);
    expect(partnerRequests({ method: "PATCH" })).toHaveLength(1);
  });

  it("lists the allowed targets when the tariff cannot be reached", async () => {
    const { id, outs } = await create(newInputs());
    const err = await expectError(implementation.update(id, outs, { ...outs, serviceName: "Profilter100" }));
    expect(err.message).toMatch(
      /the target is not in regrade_servicenames \[Outmail250, Outmail1000, Outmail2500, Outmail5000\]/,
    );
  });

  it("reports the shortfall before calling the vendor, and maps a vendor 405 to the same advice", async () => {
    const { id, outs } = await create(newInputs());
    sandbox.partner.setCredits(5);
    sandbox.requestLog.clear();
    const err = await expectError(implementation.update(id, outs, { ...outs, serviceName: "Outmail5000" }));
    expect(err.message).toContain("costs 65 partner credits and the balance is 5 (short by 60)");
    expect(partnerRequests({ method: "PATCH" })).toHaveLength(0);
    // Straight to the vendor, as a concurrent spend would: its 405 carries the same advice.
    const direct = await expectError(
      api.regradeLiveService(id, "Outmail5000", () => "top up credits, then run again"),
    );
    expect(direct.message).toMatch(/HTTP 405 InsufficientCredits: .*top up credits/);
  });

  it("changes password, billing id and suspension in place", async () => {
    const { id, outs } = await create(newInputs());
    sandbox.requestLog.clear();
    await implementation.update(id, outs, {
      ...outs,
      password: "a-new-password",
      billingServiceId: "77",
      suspended: true,
    });
    expect(partnerRequests({ method: "PATCH" }).map((r) => r.path)).toEqual([
      `/partner/api-v1/outmails/${outs.outmailId}`,
      `/partner/api-v1/live_services/${id}`,
    ]);
    const live = await api.getOutmail(outs.outmailId);
    expect(live).toMatchObject({ whmcs_serviceid: "77", status: "suspended" });
  });
});

describe("delete", () => {
  it("deletes the live service, and a second delete of the gone service succeeds", async () => {
    const { id, outs } = await create(newInputs());
    await implementation.delete(id, outs);
    await expect(api.getLiveService(id)).rejects.toThrow(/HTTP 404/);
    await implementation.delete(id, outs);
  });
});

describe("credentials", () => {
  it("refuses wrong credentials with an actionable message that does not echo the key", async () => {
    const wrong = new PartnerApi(`${sandbox.url}/partner/api-v1`, DEFAULT_PARTNER_ID, "wrong-key-123456");
    const err = await expectError(wrong.listClients());
    expect(err.message).toContain("HTTP 401");
    expect(err.message).toContain("check the credentials in the stack config");
    expect(err.message).not.toContain("wrong-key-123456");
  });

  it("fails naming the config key and environment variable when credentials are missing", async () => {
    setProviderConfig({ get: () => undefined });
    try {
      const err = await expectError(implementation.delete("1", {} as ServiceOutputs));
      expect(err.message).toContain("mailreseller:partnerApiKey");
      expect(err.message).toContain("MAILRESELLER_PARTNER_API_KEY");
    } finally {
      useSandboxConfig(sandbox.url);
    }
  });
});
