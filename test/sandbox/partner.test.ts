/**
 * The sandbox's Partner API over real loopback HTTP: what the vendor's docs promise, the shapes we
 * assumed (sandbox/README.md, "Assumptions (Partner API)"), fault injection, the request log and the CLI.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

import axios, { type AxiosInstance, type AxiosResponse } from "axios";

import { PARTNER_PRODUCTS, SEED_PORTAL_LIVE_SERVICES, SEED_TARIFFS } from "../../sandbox/partner/seed";
import type { OutmailView } from "../../sandbox/partner/state";

import {
  DEFAULT_PARTNER_API_KEY,
  DEFAULT_PARTNER_CREDITS,
  DEFAULT_PARTNER_ID,
  type Sandbox,
  startSandbox,
} from "../../sandbox/server";

interface ErrorBody {
  error: { name: string; url: string; message: string };
}

interface Created {
  meta: { success: boolean };
  data: {
    id: string;
    username: string;
    password: string;
    outmail_server_id: string;
    live_service_id: string;
  };
}

interface LiveServiceData {
  id: string;
  product: string;
  tariff_service_name: string;
  client_id: string;
  status: string;
  suspended_by: string | null;
  outmail_id: string | null;
  regrade_servicenames: string[];
}

const ROOT = path.resolve(__dirname, "../..");
const PREFIX = "/partner/api-v1";
const PASSWORD = "myOutmailPassword";

let sandbox: Sandbox;
let api: AxiosInstance;
let admin: AxiosInstance;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  api = axios.create({
    baseURL: `${sandbox.url}${PREFIX}`,
    auth: { username: DEFAULT_PARTNER_ID, password: DEFAULT_PARTNER_API_KEY },
    validateStatus: () => true,
  });
  admin = axios.create({ baseURL: `${sandbox.url}/__sandbox`, validateStatus: () => true });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
});

function newOutmail(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    service_name: "Outmail500",
    whmcs_serviceid: "1324578",
    client_id: "9987606",
    username: "myOutmail001",
    password: PASSWORD,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
}

async function create(overrides: Record<string, string | undefined> = {}): Promise<Created["data"]> {
  const res = await api.post<Created>("/outmails", newOutmail(overrides));
  expect(res.status).toBe(201);
  return res.data.data;
}

function expectError(res: AxiosResponse, status: number, name: string, url: string): string {
  expect(res.status).toBe(status);
  const body = res.data as ErrorBody;
  expect(body.error.name).toBe(name);
  expect(body.error.url).toBe(url);
  expect(typeof body.error.message).toBe("string");
  return body.error.message;
}

async function socketError(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code;
  }
  throw new Error("expected the request to fail at the socket");
}

describe("authentication", () => {
  it("answers 401 with the error body without credentials", async () => {
    const res = await axios.get(`${sandbox.url}${PREFIX}/clients`, { validateStatus: () => true });
    expectError(res, 401, "Unauthorized", `${PREFIX}/clients`);
    expect(res.headers["www-authenticate"]).toMatch(/^Basic/);
  });

  it.each([
    ["a wrong key", DEFAULT_PARTNER_ID, "not-the-key"],
    ["a wrong partner id", "someone-else", DEFAULT_PARTNER_API_KEY],
  ])("answers 401 with %s and never echoes it", async (_label, username, password) => {
    const res = await axios.post(
      `${sandbox.url}${PREFIX}/outmails`,
      { password: "secretPassword1" },
      { auth: { username, password }, validateStatus: () => true },
    );
    expectError(res, 401, "Unauthorized", `${PREFIX}/outmails`);
    const raw = JSON.stringify(res.data);
    expect(raw).not.toContain(password);
    expect(raw).not.toContain("secretPassword1");
    expect(sandbox.partner.listOutmails()).toHaveLength(0);
  });
});

describe("lookups", () => {
  it("lists service names with costs and the partner balance", async () => {
    const res = await api.get("/live_services/service_names");
    expect(res.status).toBe(200);
    expect(res.data.meta).toEqual({ success: true, partner_credits: DEFAULT_PARTNER_CREDITS });
    expect(res.data.data).toEqual(
      expect.arrayContaining([
        { service_name: "Outmail250", product: "outMail", credits: 5 },
        { service_name: "Outmail500", product: "outMail", credits: 10 },
        { service_name: "Outmail1000", product: "outMail", credits: 20 },
        { service_name: "Outmail2500", product: "outMail", credits: 40 },
        { service_name: "Outmail5000", product: "outMail", credits: 75 },
      ]),
    );
    const products = new Set((res.data.data as { product: string }[]).map((s) => s.product));
    expect([...products].sort()).toEqual([...PARTNER_PRODUCTS].sort());
    // Every product has at least two tariffs, so each can be regraded within its product.
    for (const product of PARTNER_PRODUCTS) {
      expect(SEED_TARIFFS.filter((t) => t.product === product).length).toBeGreaterThanOrEqual(2);
    }
  });

  it("lists clients, including the docs' example ids", async () => {
    const res = await api.get("/clients");
    expect(res.status).toBe(200);
    expect(res.data.meta).toEqual({ success: true, total: res.data.data.length });
    const ids = (res.data.data as { id: string }[]).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(["9987606", "987606"]));
    // The fields Prolateral's KB 392-395 show for a client.
    for (const c of res.data.data as Record<string, unknown>[]) {
      expect(Object.keys(c).sort()).toEqual(
        [
          "active",
          "client_status_id",
          "email",
          "external_userid",
          "firstname",
          "id",
          "surname",
          "title",
          "username",
        ].sort(),
      );
    }
  });

  it("searches clients with KB 395's expression and cuts them to KB 394's fields", async () => {
    const search = (expr: string, fields?: string) =>
      api.get("/clients", { params: { search: expr, fields } });
    const byUsername = await search("('username LIKE':'marco%')");
    expect(byUsername.status).toBe(200);
    expect(byUsername.data.data.map((c: { id: string }) => c.id)).toEqual(["987606"]);
    expect(byUsername.data.meta.total).toBe(1);

    expect(
      (await search("('external_userid':'crm-9987606')")).data.data.map((c: { id: string }) => c.id),
    ).toEqual(["9987606"]);
    // KB 395's range, and KB 394's field list.
    const range = await search(
      "('id >':'9987600','id <':'9987610')",
      "!(id,username,email,surname,active,client_status_id)",
    );
    expect(range.data.data).toEqual([
      {
        id: "9987606",
        username: "alice@brennan-logistics.example",
        email: "alice@brennan-logistics.example",
        surname: "Brennan",
        active: 1,
        client_status_id: 1,
      },
    ]);
    expect((await search("('username LIKE':'nobody%')")).data).toEqual({
      meta: { success: true, total: 0 },
      data: [],
    });

    expectError(await search("username=fred"), 422, "ValidationError", `${PREFIX}/clients`);
    expectError(await search("('nickname':'fred')"), 422, "ValidationError", `${PREFIX}/clients`);
    // No /clients/search route is documented.
    expect((await api.get("/clients/search", { params: { q: "fred" } })).status).toBe(404);
  });
});

describe("POST /outmails", () => {
  it("creates from a JSON body, charges the tariff and returns the docs' fields", async () => {
    const res = await api.post<Created>("/outmails", newOutmail());
    expect(res.status).toBe(201);
    expect(res.data.meta.success).toBe(true);
    expect(res.data.data).toEqual({
      id: "500001",
      username: "myOutmail001",
      password: PASSWORD,
      outmail_server_id: expect.stringMatching(/^\d+$/),
      live_service_id: "1234931",
    });
    expect(sandbox.partner.partnerCredits).toBe(DEFAULT_PARTNER_CREDITS - 10);
  });

  it("creates from a form-encoded body (the jQuery sample's default)", async () => {
    const form = new URLSearchParams(newOutmail({ client_id: "987606", username: "myOutmail1001" }));
    const res = await api.post<Created>("/outmails", form.toString(), {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(201);
    expect(res.data.data.username).toBe("myOutmail1001");
    const read = await api.get(`/outmails/${res.data.data.id}`);
    expect(read.data.data).toMatchObject({
      client_id: "987606",
      service_name: "Outmail500",
      whmcs_serviceid: "1324578",
    });
  });

  it.each([
    ["service_name", "missing", { service_name: undefined }],
    ["client_id", "missing", { client_id: undefined }],
    ["username", "missing", { username: undefined }],
    ["password", "missing", { password: undefined }],
    ["client_id", "an unknown client", { client_id: "123" }],
    ["service_name", "an unknown tariff", { service_name: "Outmail42" }],
    ["service_name", "another product's tariff", { service_name: "Profilter10" }],
    ["password", "shorter than 8 characters", { password: "short" }],
    ["username", "with a space and '!'", { username: "bad user!" }],
    ["username", "shorter than 3 characters", { username: "ab" }],
  ])("rejects %s (%s) with 422 naming it, and creates nothing", async (field, _why, overrides) => {
    const res = await api.post("/outmails", newOutmail(overrides));
    const message = expectError(res, 422, "ValidationError", `${PREFIX}/outmails`);
    expect(message.startsWith(`${field}:`)).toBe(true);
    expect(message).not.toContain("short");
    expect(sandbox.partner.listOutmails()).toHaveLength(0);
    expect(sandbox.partner.partnerCredits).toBe(DEFAULT_PARTNER_CREDITS);
  });

  it("rejects a username already in use with 409", async () => {
    await create();
    const res = await api.post("/outmails", newOutmail({ client_id: "987606" }));
    expectError(res, 409, "Conflict", `${PREFIX}/outmails`);
    expect(sandbox.partner.listOutmails()).toHaveLength(1);
    expect(sandbox.partner.partnerCredits).toBe(DEFAULT_PARTNER_CREDITS - 10);
  });

  it("answers 405 InsufficientCredits with cost and balance when the balance cannot cover it", async () => {
    sandbox.partner.setCredits(9);
    const res = await api.post("/outmails", newOutmail());
    const message = expectError(res, 405, "InsufficientCredits", `${PREFIX}/outmails`);
    expect(message).toContain("10");
    expect(message).toContain("9");
    expect(sandbox.partner.listOutmails()).toHaveLength(0);
    expect(sandbox.partner.partnerCredits).toBe(9);
  });
});

describe("reading and changing outMail services", () => {
  it("reads back by id, username and client without the password", async () => {
    const created = await create();
    const res = await api.get<{ data: OutmailView }>(`/outmails/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.data.data).toEqual({
      id: created.id,
      username: "myOutmail001",
      client_id: "9987606",
      service_name: "Outmail500",
      whmcs_serviceid: "1324578",
      outmail_server_id: created.outmail_server_id,
      live_service_id: created.live_service_id,
      status: "active",
    });
    expect(JSON.stringify(res.data)).not.toContain(PASSWORD);

    const search = (expr: string) => api.get("/outmails", { params: { search: expr } });
    const byName = await search("('username':'myOutmail001')");
    expect(byName.data.meta.total).toBe(1);
    expect(byName.data.data[0].id).toBe(created.id);
    expect(JSON.stringify(byName.data)).not.toContain(PASSWORD);
    expect((await search("('username':'MYOUTMAIL001')")).data.data).toEqual([]);
    expect((await search("('client_id':'987606')")).data.data).toEqual([]);
    expect((await search("('client_id':'9987606')")).data.data).toHaveLength(1);
    // A filter no source documents is ignored, as an unknown parameter may be: the whole list comes back.
    await api.post("/outmails", newOutmail({ username: "other-relay" }));
    expect((await api.get("/outmails", { params: { username: "myOutmail001" } })).data.data).toHaveLength(2);

    expectError(await api.get("/outmails/999"), 404, "NotFound", `${PREFIX}/outmails/999`);
  });

  it("changes the password and billing id with PATCH and returns the read shape", async () => {
    const created = await create();
    const res = await api.patch(`/outmails/${created.id}`, {
      password: "aNewPassword9",
      whmcs_serviceid: "777",
    });
    expect(res.status).toBe(200);
    expect(res.data.data).toMatchObject({ id: created.id, whmcs_serviceid: "777" });
    expect(res.data.data).not.toHaveProperty("password");

    const short = await api.patch(`/outmails/${created.id}`, { password: "short" });
    expect(expectError(short, 422, "ValidationError", `${PREFIX}/outmails/${created.id}`)).toMatch(
      /^password:/,
    );
    const readOnly = await api.patch(`/outmails/${created.id}`, { service_name: "Outmail1000" });
    expect(expectError(readOnly, 422, "ValidationError", `${PREFIX}/outmails/${created.id}`)).toMatch(
      /^service_name:/,
    );
  });
});

describe("live services", () => {
  it("reads a live service with the other outMail tariffs as regrade targets", async () => {
    const created = await create();
    const res = await api.get<{ data: LiveServiceData }>(`/live_services/${created.live_service_id}`);
    expect(res.status).toBe(200);
    expect(res.data.data).toEqual({
      id: created.live_service_id,
      product: "outMail",
      tariff_service_name: "Outmail500",
      client_id: "9987606",
      status: "active",
      suspended_by: null,
      outmail_id: created.id,
      regrade_servicenames: ["Outmail250", "Outmail1000", "Outmail2500", "Outmail5000"],
    });
    expectError(await api.get("/live_services/42"), 404, "NotFound", `${PREFIX}/live_services/42`);
  });

  it("regrades up for the difference in credits and down for free", async () => {
    const created = await create();
    const balance = sandbox.partner.partnerCredits;
    const up = await api.patch(`/live_services/${created.live_service_id}`, {
      tariff_service_name: "Outmail1000",
    });
    expect(up.status).toBe(200);
    expect(up.data.meta.success).toBe(true);
    expect(up.data.data.tariff_service_name).toBe("Outmail1000");
    expect(up.data.data.regrade_servicenames).toEqual([
      "Outmail250",
      "Outmail500",
      "Outmail2500",
      "Outmail5000",
    ]);
    expect(sandbox.partner.partnerCredits).toBe(balance - 10);

    const form = new URLSearchParams({ tariff_service_name: "Outmail250" }).toString();
    const down = await api.patch(`/live_services/${created.live_service_id}`, form);
    expect(down.status).toBe(200);
    expect(sandbox.partner.partnerCredits).toBe(balance - 10);
    expect((await api.get(`/outmails/${created.id}`)).data.data.service_name).toBe("Outmail250");
  });

  it.each(["Profilter10", "Outmail500", "Outmail9999"])(
    "rejects a regrade to %s (not in regrade_servicenames) with 422 listing the targets",
    async (target) => {
      const created = await create();
      const url = `/live_services/${created.live_service_id}`;
      const message = expectError(
        await api.patch(url, { tariff_service_name: target }),
        422,
        "ValidationError",
        `${PREFIX}${url}`,
      );
      expect(message).toContain("Outmail250, Outmail1000, Outmail2500, Outmail5000");
      expect(sandbox.partner.getLiveService(created.live_service_id).tariff_service_name).toBe("Outmail500");
    },
  );

  it("answers 405 when the balance is below the charge, and changes nothing", async () => {
    const created = await create();
    const set = await admin.post("/partner/credits", { credits: 64 });
    expect(set.data).toEqual({ partner_credits: 64 });
    const url = `/live_services/${created.live_service_id}`;
    const res = await api.patch(url, { tariff_service_name: "Outmail5000", status: "suspended" });
    const message = expectError(res, 405, "InsufficientCredits", `${PREFIX}${url}`);
    expect(message).toContain("65");
    expect(message).toContain("64");
    expect(sandbox.partner.partnerCredits).toBe(64);
    expect(sandbox.partner.getLiveService(created.live_service_id)).toMatchObject({
      tariff_service_name: "Outmail500",
      status: "active",
    });
  });

  it("suspends and unsuspends through PATCH status", async () => {
    const created = await create();
    const url = `/live_services/${created.live_service_id}`;
    const suspended = await api.patch(url, { status: "suspended" });
    expect(suspended.status).toBe(200);
    expect(suspended.data.data.status).toBe("suspended");
    expect((await api.get(`/outmails/${created.id}`)).data.data.status).toBe("suspended");
    expect((await api.patch(url, { status: "active" })).data.data.status).toBe("active");
    expectError(await api.patch(url, { status: "paused" }), 422, "ValidationError", `${PREFIX}${url}`);
    expectError(await api.patch(url, {}), 422, "ValidationError", `${PREFIX}${url}`);
  });

  it("deletes the live service and its outMail service; both then 404", async () => {
    const created = await create();
    const balance = sandbox.partner.partnerCredits;
    const url = `/live_services/${created.live_service_id}`;
    const res = await api.delete(url);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ meta: { success: true } });
    expect(sandbox.partner.partnerCredits).toBe(balance);
    expectError(await api.get(url), 404, "NotFound", `${PREFIX}${url}`);
    expectError(
      await api.get(`/outmails/${created.id}`),
      404,
      "NotFound",
      `${PREFIX}/outmails/${created.id}`,
    );
    expectError(await api.delete(url), 404, "NotFound", `${PREFIX}${url}`);
    // The username is free again once its service is gone.
    await create();
  });

  it("answers unknown routes under the prefix with 404 and the error body", async () => {
    expectError(await api.get("/nothing/here"), 404, "NotFound", `${PREFIX}/nothing/here`);
    expectError(await api.delete("/outmails/500001"), 404, "NotFound", `${PREFIX}/outmails/500001`);
  });
});

describe("live services of every product", () => {
  const view = (s: (typeof SEED_PORTAL_LIVE_SERVICES)[number]) => ({
    ...s,
    regrade_servicenames: SEED_TARIFFS.filter(
      (t) => t.product === s.product && t.service_name !== s.tariff_service_name,
    ).map((t) => t.service_name),
  });
  const list = (search?: string) => api.get("/live_services", { params: { search } });
  const ids = (res: AxiosResponse) => (res.data.data as LiveServiceData[]).map((s) => s.id);
  const SYSTEM_MESSAGE =
    "Live service 1234801 was suspended by the system (abuse, billing, …) and cannot be unsuspended " +
    "through the Partner API; contact Prolateral support.";

  it("starts with the five services bought in the portal, one of each product but outMail", async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.data).toEqual({
      meta: { success: true, total: 5 },
      data: SEED_PORTAL_LIVE_SERVICES.map(view),
    });
    expect(SEED_PORTAL_LIVE_SERVICES.map((s) => s.product).sort()).toEqual(
      PARTNER_PRODUCTS.filter((p) => p !== "outMail").sort(),
    );
    // /live_services/service_names is still its own route, not a live service id.
    expect((await api.get("/live_services/service_names")).data.meta.partner_credits).toBe(
      DEFAULT_PARTNER_CREDITS,
    );
  });

  it("lists outMail and portal services together, filtered by client_id or product (KB 395's notation)", async () => {
    const created = await create();
    // The docs' ids still go to the first outMail service.
    expect(created).toMatchObject({ id: "500001", live_service_id: "1234931" });
    expect(ids(await list())).toEqual([...SEED_PORTAL_LIVE_SERVICES.map((s) => s.id), "1234931"]);

    const alice = await list("('client_id':'9987606')");
    expect(alice.data.meta).toEqual({ success: true, total: 3 });
    expect(ids(alice)).toEqual(["1234801", "1234802", "1234931"]);
    expect(alice.data.data[2]).toMatchObject({
      product: "outMail",
      outmail_id: "500001",
      suspended_by: null,
    });

    expect((await list("('product':'backupMX')")).data.data).toEqual([view(SEED_PORTAL_LIVE_SERVICES[0])]);
    expect(ids(await list("('client_id':'1002345','product LIKE':'%dns')"))).toEqual(["1234804", "1234805"]);
    expect(ids(await list("('product':'outMail')"))).toEqual(["1234931"]);
    expect(await list("('client_id':'1002346')").then((r) => r.data)).toEqual({
      meta: { success: true, total: 0 },
      data: [],
    });

    await api.patch("/live_services/1234803", { status: "suspended" });
    expect(ids(await list("('status':'suspended','suspended_by':'partner')"))).toEqual(["1234803"]);

    expectError(await list("('colour':'red')"), 422, "ValidationError", `${PREFIX}/live_services`);
    expectError(await list("client_id=9987606"), 422, "ValidationError", `${PREFIX}/live_services`);
  });

  it.each(SEED_PORTAL_LIVE_SERVICES.map((s) => [s.product, s] as const))(
    "regrades a %s service within its product only",
    async (_product, seeded) => {
      const url = `/live_services/${seeded.id}`;
      const read = await api.get<{ data: LiveServiceData }>(url);
      expect(read.data.data).toEqual(view(seeded));
      const [target] = read.data.data.regrade_servicenames;
      const cost = (name: string) => SEED_TARIFFS.find((t) => t.service_name === name)!.credits;

      // Another product's tariff: a portal product's, not only outMail's.
      const other = SEED_TARIFFS.find((t) => t.product !== seeded.product && t.product !== "outMail")!;
      const refused = await api.patch(url, { tariff_service_name: other.service_name });
      expect(expectError(refused, 422, "ValidationError", `${PREFIX}${url}`)).toContain(
        `regrade_servicenames: ${target}`,
      );
      expect(sandbox.partner.partnerCredits).toBe(DEFAULT_PARTNER_CREDITS);

      const up = await api.patch(url, { tariff_service_name: target });
      expect(up.status).toBe(200);
      expect(up.data.data).toMatchObject({
        id: seeded.id,
        product: seeded.product,
        tariff_service_name: target,
        outmail_id: null,
        regrade_servicenames: [seeded.tariff_service_name],
      });
      expect(sandbox.partner.partnerCredits).toBe(
        DEFAULT_PARTNER_CREDITS - (cost(target) - cost(seeded.tariff_service_name)),
      );
    },
  );

  it("refuses to unsuspend a system suspension with 403 SuspendedBySystem, and changes nothing", async () => {
    const url = "/live_services/1234801";
    expect(sandbox.partner.suspendBySystem("1234801")).toMatchObject({
      status: "suspended",
      suspended_by: "system",
    });

    const unsuspend = await api.patch(url, { status: "active" });
    expect(expectError(unsuspend, 403, "SuspendedBySystem", `${PREFIX}${url}`)).toBe(SYSTEM_MESSAGE);
    // All or nothing: a regrade in the same PATCH is not applied and not charged.
    const both = await api.patch(url, { tariff_service_name: "BackupMX5", status: "active" });
    expect(expectError(both, 403, "SuspendedBySystem", `${PREFIX}${url}`)).toBe(SYSTEM_MESSAGE);
    expect((await api.get(url)).data.data).toMatchObject({
      tariff_service_name: "BackupMX1",
      status: "suspended",
      suspended_by: "system",
    });
    expect(sandbox.partner.partnerCredits).toBe(DEFAULT_PARTNER_CREDITS);

    // Suspending it again is a no-op that keeps the system's mark.
    const again = await api.patch(url, { status: "suspended" });
    expect(again.status).toBe(200);
    expect(again.data.data).toMatchObject({ status: "suspended", suspended_by: "system" });

    // Prolateral (the admin route) lifts it; then the API can suspend and unsuspend as usual.
    const lifted = await admin.patch(`/partner${url}`, { status: "active" });
    expect(lifted.status).toBe(200);
    expect(lifted.data).toMatchObject({ status: "active", suspended_by: null });
    expect((await api.patch(url, { status: "suspended" })).data.data.suspended_by).toBe("partner");
  });

  it("suspends through the API as the partner's, and unsuspends", async () => {
    const url = "/live_services/1234804";
    const suspended = await api.patch(url, { status: "suspended" });
    expect(suspended.status).toBe(200);
    expect(suspended.data.data).toMatchObject({ status: "suspended", suspended_by: "partner" });
    // A suspended service can still be regraded.
    const regraded = await api.patch(url, { tariff_service_name: "MasterDNS50" });
    expect(regraded.data.data).toMatchObject({ tariff_service_name: "MasterDNS50", suspended_by: "partner" });
    const active = await api.patch(url, { status: "active" });
    expect(active.status).toBe(200);
    expect(active.data.data).toMatchObject({ status: "active", suspended_by: null });
  });

  it("the admin route suspends as the system or the partner and refuses bad bodies with 400", async () => {
    const url = "/partner/live_services/1234805";
    const system = await admin.patch(url, { suspended_by: "system" });
    expect(system.status).toBe(200);
    expect(system.data).toMatchObject({ id: "1234805", status: "suspended", suspended_by: "system" });
    expect((await admin.patch(url, { status: "suspended" })).data.suspended_by).toBe("system");
    expect((await admin.patch(url, { suspended_by: "partner" })).data.suspended_by).toBe("partner");
    // The portal's regrade (drift), with the API's rules and credits.
    const regrade = await admin.patch(url, { tariff_service_name: "BackupDNS50" });
    expect(regrade.data).toMatchObject({ tariff_service_name: "BackupDNS50", status: "suspended" });
    expect(sandbox.partner.partnerCredits).toBe(DEFAULT_PARTNER_CREDITS - 7);
    expect((await admin.patch(url, { tariff_service_name: "FakeMX5" })).status).toBe(422);

    for (const [bad, words] of [
      [{}, "at least one"],
      [{ status: "paused" }, "status"],
      [{ suspended_by: "abuse" }, "suspended_by"],
      [{ suspended_by: "system", status: "active" }, "suspended_by"],
      [{ status: 1 }, "status"],
      [{ colour: "red" }, "colour"],
    ] as const) {
      const res = await admin.patch(url, bad);
      expect(res.status).toBe(400);
      expect(res.data.error).toMatchObject({ name: "BadRequest", message: expect.stringContaining(words) });
    }
    expect(sandbox.partner.getLiveService("1234805")).toMatchObject({
      tariff_service_name: "BackupDNS50",
      status: "suspended",
      suspended_by: "partner",
    });
    expect((await admin.patch("/partner/live_services/42", { status: "active" })).status).toBe(404);
  });

  it("the admin route adds a service bought in the portal, uncharged, ids from 1234806", async () => {
    const res = await admin.post("/partner/live_services", {
      product: "fakeMX",
      tariff_service_name: "FakeMX5",
      client_id: "1002346",
    });
    expect(res.status).toBe(201);
    expect(res.data).toEqual({
      id: "1234806",
      product: "fakeMX",
      tariff_service_name: "FakeMX5",
      client_id: "1002346",
      status: "active",
      suspended_by: null,
      outmail_id: null,
      regrade_servicenames: ["FakeMX1"],
    });
    expect(sandbox.partner.partnerCredits).toBe(DEFAULT_PARTNER_CREDITS);
    expect((await api.get("/live_services/1234806")).data.data).toEqual(res.data);
    // An outMail service bought in the portal has no outMail record here; under the partner's own account.
    expect(
      sandbox.partner.addPortalLiveService({
        product: "outMail",
        tariff_service_name: "Outmail250",
        client_id: DEFAULT_PARTNER_ID,
      }),
    ).toMatchObject({ id: "1234807", outmail_id: null });
    // The API's own counter is separate.
    expect((await create()).live_service_id).toBe("1234931");

    for (const [bad, words] of [
      [{ product: "outmail", tariff_service_name: "Outmail500", client_id: "9987606" }, "product"],
      [{ product: "fakeMX", tariff_service_name: "BackupMX1", client_id: "9987606" }, "tariff_service_name"],
      [{ product: "fakeMX", tariff_service_name: "FakeMX1", client_id: "123" }, "client_id"],
      [{ product: "fakeMX", tariff_service_name: "FakeMX1" }, "client_id"],
      [{ product: "fakeMX", tariff_service_name: "FakeMX1", client_id: 9987606 }, "client_id"],
    ] as const) {
      const bounced = await admin.post("/partner/live_services", bad);
      expect(bounced.status).toBe(400);
      expect(bounced.data.error).toMatchObject({
        name: "BadRequest",
        message: expect.stringContaining(words),
      });
    }
    expect((await list()).data.meta.total).toBe(8);

    sandbox.reset();
    const again = await admin.post("/partner/live_services", {
      product: "fakeMX",
      tariff_service_name: "FakeMX1",
      client_id: "987606",
    });
    expect(again.data.id).toBe("1234806");
  });

  it("deletes a non-outMail service, refunding nothing and leaving outMail services alone", async () => {
    const created = await create();
    const balance = sandbox.partner.partnerCredits;
    const res = await api.delete("/live_services/1234802");
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ meta: { success: true } });
    expectError(await api.get("/live_services/1234802"), 404, "NotFound", `${PREFIX}/live_services/1234802`);
    expect(ids(await list())).toEqual(["1234801", "1234803", "1234804", "1234805", "1234931"]);
    expect(sandbox.partner.listOutmails().map((o) => o.id)).toEqual([created.id]);
    expect(sandbox.partner.partnerCredits).toBe(balance);
    expectError(
      await api.delete("/live_services/1234802"),
      404,
      "NotFound",
      `${PREFIX}/live_services/1234802`,
    );
  });

  it("reset() restores the five seeded services as they were", async () => {
    sandbox.partner.suspendBySystem("1234801");
    await api.patch("/live_services/1234802", { tariff_service_name: "Profilter50" });
    await api.delete("/live_services/1234803");
    sandbox.partner.addPortalLiveService({
      product: "backupDNS",
      tariff_service_name: "BackupDNS50",
      client_id: "987606",
    });
    sandbox.reset();
    expect((await list()).data.data).toEqual(SEED_PORTAL_LIVE_SERVICES.map(view));
    expect(sandbox.partner.partnerCredits).toBe(DEFAULT_PARTNER_CREDITS);
  });
});

describe("fault injection", () => {
  it("latency delays the request, then handles it normally", async () => {
    sandbox.faults.add({ vendor: "partner", path: "/clients", kind: "latency", latencyMs: 300 });
    const started = Date.now();
    const res = await api.get("/clients");
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    const quick = Date.now();
    await api.get("/clients");
    expect(Date.now() - quick).toBeLessThan(200);
  });

  it("applies a delayed write even when the client gives up waiting", async () => {
    sandbox.faults.add({ method: "POST", path: "/outmails", kind: "latency", latencyMs: 250 });
    expect(await socketError(api.post("/outmails", newOutmail(), { timeout: 50 }))).toBe("ECONNABORTED");
    await new Promise((r) => setTimeout(r, 400));
    expect(
      sandbox.partner.listOutmails([{ field: "username", operator: "=", value: "myOutmail001" }]),
    ).toHaveLength(1);
  });

  it("error answers the given status (default 503) in the vendor's error shape, `times` times", async () => {
    const added = await admin.post("/faults", { faults: [{ kind: "error", path: "/clients", times: 2 }] });
    expect(added.status).toBe(201);
    expect(added.data.faults[0]).toMatchObject({ kind: "error", times: 2, probability: 1, applied: 0 });
    expectError(await api.get("/clients"), 503, "ServiceUnavailable", `${PREFIX}/clients`);
    expectError(await api.get("/clients"), 503, "ServiceUnavailable", `${PREFIX}/clients`);
    expect((await api.get("/clients")).status).toBe(200);

    sandbox.faults.add({ kind: "error", status: 500 });
    expectError(await api.get("/clients"), 500, "InternalServerError", `${PREFIX}/clients`);
  });

  it("rate-limit answers 429 with Retry-After", async () => {
    sandbox.faults.add({ kind: "rate-limit", retryAfterSeconds: 7 });
    const res = await api.get("/live_services/service_names");
    expectError(res, 429, "TooManyRequests", `${PREFIX}/live_services/service_names`);
    expect(res.headers["retry-after"]).toBe("7");
  });

  it("writes Retry-After as an HTTP-date on request, never shorter than asked", async () => {
    sandbox.faults.add({ kind: "rate-limit", retryAfterSeconds: 30, retryAfterFormat: "http-date" });
    const before = Date.now();
    const res = await api.get("/live_services/service_names");
    expect(res.status).toBe(429);
    const date = Date.parse(String(res.headers["retry-after"]));
    expect(String(res.headers["retry-after"])).toMatch(/ GMT$/);
    expect(date - before).toBeGreaterThanOrEqual(30_000);
    expect(date - before).toBeLessThanOrEqual(32_000);
  });

  it("error carries Retry-After when the rule gives one, and none otherwise", async () => {
    sandbox.faults.add({ kind: "error", status: 503, retryAfterSeconds: 4 });
    const withWait = await api.get("/clients");
    expect(withWait.status).toBe(503);
    expect(withWait.headers["retry-after"]).toBe("4");
    sandbox.faults.add({ kind: "error", status: 503 });
    expect((await api.get("/clients")).headers["retry-after"]).toBeUndefined();
  });

  it("refuses an unknown Retry-After format", () => {
    expect(() =>
      sandbox.faults.add({ kind: "rate-limit", retryAfterFormat: "minutes" as unknown as "seconds" }),
    ).toThrow(/retryAfterFormat/);
  });

  it("drop destroys the socket before the route runs: nothing applied", async () => {
    sandbox.faults.add({ method: "POST", path: "/outmails", kind: "drop" });
    expect(await socketError(api.post("/outmails", newOutmail()))).toBe("ECONNRESET");
    expect(sandbox.partner.listOutmails()).toHaveLength(0);
    expect(sandbox.partner.partnerCredits).toBe(DEFAULT_PARTNER_CREDITS);
    expect(sandbox.requests).toEqual([expect.objectContaining({ method: "POST", status: 0, fault: "drop" })]);
  });

  it("drop-after-write applies the change and loses the response", async () => {
    sandbox.faults.add({ method: "POST", path: "/outmails", kind: "drop-after-write" });
    expect(await socketError(api.post("/outmails", newOutmail()))).toBe("ECONNRESET");
    const found = await api.get("/outmails", { params: { username: "myOutmail001" } });
    expect(found.data.data).toHaveLength(1);
    expect(sandbox.partner.partnerCredits).toBe(DEFAULT_PARTNER_CREDITS - 10);
    expect(sandbox.requests[0]).toMatchObject({ method: "POST", status: 201, fault: "drop-after-write" });
  });

  it("matches on vendor, method and path, honours probability, and lists and clears rules", async () => {
    sandbox.faults.add({ method: "POST", kind: "error", times: 0 });
    sandbox.faults.add({ path: "/clients", kind: "error", probability: 0, times: 0 });
    expect((await api.get("/clients")).status).toBe(200);
    expect((await api.post("/outmails", newOutmail())).status).toBe(503);
    expect((await api.post("/outmails", newOutmail())).status).toBe(503);

    const listed = await admin.get("/faults");
    expect(listed.data.faults).toHaveLength(2);
    expect(listed.data.faults[0]).toMatchObject({ method: "POST", applied: 2 });
    expect((await admin.delete("/faults")).data).toEqual({ cleared: 2 });
    expect((await admin.get("/faults")).data.faults).toEqual([]);
    expect((await api.post("/outmails", newOutmail())).status).toBe(201);
  });

  it("rejects unusable rules with 400 and adds none of the batch", async () => {
    const res = await admin.post("/faults", { faults: [{ kind: "error" }, { kind: "explode" }] });
    expect(res.status).toBe(400);
    expect(res.data.error.message).toContain("faults[1]");
    expect((await admin.post("/faults", { faults: [{ kind: "drop", vendor: "nobody" }] })).status).toBe(400);
    expect((await admin.post("/faults", { kind: "drop" })).status).toBe(400);
    expect(sandbox.faults.list()).toEqual([]);
    expect(() => sandbox.faults.add({ kind: "error", status: 200 })).toThrow(/status/);
  });
});

describe("admin API", () => {
  it("logs every vendor request without query strings or credentials, and clears the log", async () => {
    sandbox.faults.add({ path: "/clients/search", kind: "error" });
    await api.get("/clients/search", { params: { q: "rossi" } });
    await create();
    await axios.get(`${sandbox.url}${PREFIX}/clients`, { validateStatus: () => true });

    const res = await admin.get("/requests");
    expect(res.status).toBe(200);
    expect(res.data.requests).toEqual([
      expect.objectContaining({
        vendor: "partner",
        method: "GET",
        path: `${PREFIX}/clients/search`,
        status: 503,
      }),
      expect.objectContaining({ vendor: "partner", method: "POST", path: `${PREFIX}/outmails`, status: 201 }),
      expect.objectContaining({ vendor: "partner", method: "GET", path: `${PREFIX}/clients`, status: 401 }),
    ]);
    expect(res.data.requests[0].fault).toBe("error");
    expect(res.data.requests[1]).not.toHaveProperty("fault");
    expect(new Date(res.data.requests[0].at).toISOString()).toBe(res.data.requests[0].at);
    expect(sandbox.requests).toEqual(res.data.requests);
    const raw = JSON.stringify(res.data);
    for (const secret of [DEFAULT_PARTNER_API_KEY, PASSWORD, "rossi"]) expect(raw).not.toContain(secret);

    expect((await admin.delete("/requests")).data).toEqual({ cleared: 3 });
    expect((await admin.get("/requests")).data.requests).toEqual([]);
  });

  it("shows partner state without passwords and sets the balance", async () => {
    const created = await create();
    const state = await admin.get("/partner/state");
    expect(state.status).toBe(200);
    expect(state.data).toMatchObject({
      partner_id: DEFAULT_PARTNER_ID,
      partner_credits: DEFAULT_PARTNER_CREDITS - 10,
      outmails: [expect.objectContaining({ id: created.id, username: "myOutmail001" })],
      // The services bought in the portal before the sandbox started, then the one just created.
      live_services: [
        ...SEED_PORTAL_LIVE_SERVICES.map((s) => ({ ...s, regrade_servicenames: expect.any(Array) })),
        expect.objectContaining({ id: created.live_service_id, tariff_service_name: "Outmail500" }),
      ],
    });
    expect(state.data.clients.length).toBeGreaterThanOrEqual(4);
    const raw = JSON.stringify(state.data);
    expect(raw).not.toContain(PASSWORD);
    expect(raw).not.toContain(DEFAULT_PARTNER_API_KEY);

    expect((await admin.post("/partner/credits", { credits: -1 })).status).toBe(400);
    expect((await admin.post("/partner/credits", { credits: 3 })).status).toBe(200);
    expect((await api.get("/live_services/service_names")).data.meta.partner_credits).toBe(3);
  });

  it("resets every vendor, the faults and the log", async () => {
    await create();
    sandbox.faults.add({ kind: "drop", path: "/never" });
    expect((await admin.post("/reset")).data).toEqual({ reset: true });
    expect(sandbox.partner.listOutmails()).toEqual([]);
    expect(sandbox.partner.listLiveServices().map((s) => s.id)).toEqual(
      SEED_PORTAL_LIVE_SERVICES.map((s) => s.id),
    );
    expect(sandbox.faults.list()).toEqual([]);
    expect(sandbox.requests).toEqual([]);
  });
});

describe("CLI", () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    // A failed assertion must not leave a sandbox running: the child leads its own process group.
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, "SIGKILL");
    }
  });

  it("prints the listening line, serves, and exits cleanly on SIGTERM", async () => {
    // tsx itself rather than `npx tsx`: npm 11's exec does not forward SIGTERM, so npx would die alone
    // and leave the sandbox running.
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const proc = spawn(tsx, ["sandbox/main.ts", "--port", "0", "--quiet"], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let stdout = "";
    let stderr = "";
    proc.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.on("exit", (code, signal) => resolve({ code, signal })),
    );
    const url = await new Promise<string>((resolve, reject) => {
      proc.stdout?.on("data", (d: Buffer) => {
        stdout += d.toString();
        const m = /^sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(stdout);
        if (m !== null && Number(m[2]) > 0) resolve(m[1]);
      });
      void exited.then(({ code }) => reject(new Error(`sandbox exited early (${code}): ${stderr}`)));
    });

    const res = await axios.get(`${url}${PREFIX}/live_services/service_names`, {
      auth: { username: DEFAULT_PARTNER_ID, password: DEFAULT_PARTNER_API_KEY },
    });
    expect(res.data.meta).toEqual({ success: true, partner_credits: DEFAULT_PARTNER_CREDITS });

    proc.kill("SIGTERM");
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(stdout.trim().split("\n")).toEqual([`sandbox listening on ${url}`]);
    expect(stderr).not.toContain(DEFAULT_PARTNER_API_KEY);
  });
});
