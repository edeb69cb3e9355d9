/**
 * outmail.Service through Pulumi's real dynamic-provider host, and the client lookups, against a server
 * answering with what the Partner API's examples show (fixtures/outmail.ts). The examples show little
 * beyond creating a service and listing clients, so this file proves what matters most where they are
 * silent: a lost create is resolved only by an answer the username search visibly applied to, and never
 * called safe on a guess. Needs the package installed into examples/ (`npm test` does it).
 */
import { setProviderConfig } from "../../provider/core/transport/config";
import { partnerApiFromConfig } from "../../provider/partner/client";
import { DynamicHost, HostError, startDynamicHost } from "../harness/dynamic-host";
import { clientsAnswer, outmailCreated, regradedAnswer } from "./fixtures/outmail";
import { lifecycle } from "./lifecycle";
import { RecordedServer, Route, startRecordedServer } from "./recorded-server";

jest.setTimeout(60_000);

const KEY = "contract-partner-key";

let server: RecordedServer;
let host: DynamicHost;
let services: Record<string, unknown>[] = [];
/** Whether GET /outmails applies `search` (the KB documents it on /clients only). */
let searchApplied = true;

/**
 * No source shows `GET /live_services/service_names`'s body; the provider's check reads it for the
 * tariff's cost, so this serves the sandbox's assumed shape (sandbox/README.md, Partner API assumption 4).
 */
const serviceNamesAssumed = {
  meta: { success: true, partner_credits: 1000 },
  data: [
    { service_name: "Outmail500", product: "outMail", credits: 10 },
    { service_name: "Outmail1000", product: "outMail", credits: 20 },
  ],
};

const notFound = () => ({
  status: 404,
  body: { error: { name: "NotFound", url: "", message: "not found" } },
});

const routes: Route[] = [
  ["GET", /\/api-v1\/live_services\/service_names$/, () => ({ body: serviceNamesAssumed })],
  [
    "POST",
    /\/api-v1\/outmails$/,
    (req) => {
      const body = req.json as { username: string; client_id: string; service_name: string };
      const created = outmailCreated(body.username);
      // Listed the way the provider reads a service back (fields beyond live_service_id: ours).
      services.push({
        ...created.body.data,
        password: undefined,
        client_id: body.client_id,
        service_name: body.service_name,
        status: "active",
      });
      return { status: created.status, body: created.body };
    },
  ],
  [
    "GET",
    /\/api-v1\/outmails$/,
    (req) => {
      const search = req.params.get("search");
      const wanted = /^\('username':'([^']*)'\)$/.exec(search ?? "")?.[1];
      const data =
        searchApplied && wanted !== undefined ? services.filter((s) => s.username === wanted) : services;
      return { body: { meta: { success: true }, data } };
    },
  ],
  // Read-back, regrade and delete. Only the regrade's answer is documented (seed 001); the GET bodies
  // and the 404 of a second delete are the sandbox's assumed shapes (sandbox/README.md, assumptions 7, 9
  // and 11), served here so the whole lifecycle runs through the host.
  [
    "GET",
    /\/api-v1\/outmails\/(\d+)$/,
    (_req, m) => {
      const s = services.find((o) => o.id === m[1]);
      return s ? { body: { meta: { success: true }, data: s } } : notFound();
    },
  ],
  [
    "GET",
    /\/api-v1\/live_services\/(\d+)$/,
    (_req, m) => {
      const s = services.find((o) => o.live_service_id === m[1]);
      if (!s) return notFound();
      return {
        body: {
          meta: { success: true },
          data: {
            id: s.live_service_id,
            product: "outMail",
            tariff_service_name: s.service_name,
            client_id: s.client_id,
            status: s.status,
            outmail_id: s.id,
            regrade_servicenames: ["Outmail500", "Outmail1000"].filter((t) => t !== s.service_name),
          },
        },
      };
    },
  ],
  [
    "PATCH",
    /\/api-v1\/live_services\/(\d+)$/,
    (req, m) => {
      const s = services.find((o) => o.live_service_id === m[1]);
      if (!s) return notFound();
      const body = req.json as { tariff_service_name?: string };
      if (body.tariff_service_name) s.service_name = body.tariff_service_name;
      return { body: regradedAnswer.body };
    },
  ],
  [
    "DELETE",
    /\/api-v1\/live_services\/(\d+)$/,
    (_req, m) => {
      const before = services.length;
      services = services.filter((o) => o.live_service_id !== m[1]);
      return services.length < before ? { body: { meta: { success: true } } } : notFound();
    },
  ],
  [
    "GET",
    /\/api-v1\/clients$/,
    (req) => {
      const search = req.params.get("search");
      const id = /^\('id':'(\d+)'\)$/.exec(search ?? "")?.[1];
      return { body: { data: clientsAnswer.body.data.filter((c) => id === undefined || c.id === id) } };
    },
  ],
];

beforeAll(async () => {
  server = await startRecordedServer(routes);
  const config: Record<string, string> = {
    "mailreseller:partnerApiUrl": `${server.url}/api-v1`,
    "mailreseller:partnerId": "contract-partner",
    "mailreseller:partnerApiKey": KEY,
  };
  host = await startDynamicHost(config);
  setProviderConfig({ get: (key) => config[key] });
});

afterAll(async () => {
  host?.stop();
  await server?.close();
});

beforeEach(() => {
  // Another client's service is already there: a search the server ignores would list it.
  services = [
    {
      id: "400001",
      username: "someone-else",
      client_id: "987606",
      service_name: "Outmail500",
      live_service_id: "1111111",
      outmail_server_id: "302",
      status: "active",
    },
  ];
  searchApplied = true;
  server.requests.length = 0;
});

const relays = () => lifecycle(host, "outmail-service", "outmail:Service", "relay");
const relay = {
  clientId: "9987606",
  serviceName: "Outmail500",
  username: "myOutmail001",
  password: "relay-password-1",
};

describe("outmail.Service against the Partner API's examples", () => {
  it("creates from the documented 201 answer; the resource id is the live service id", async () => {
    const created = await relays().create(relay);
    expect(created).toMatchObject({ id: "1234931", props: { outmailId: "500001", outmailServerId: "301" } });
    expect(server.writes()).toEqual(["POST /api-v1/outmails"]);
    expect(JSON.stringify(created.props)).not.toContain("returned-once");
  });

  it("previews unchanged with no call, regrades in place (the documented PATCH), refreshes, deletes twice", async () => {
    const r = relays();
    const created = await r.create(relay);
    server.requests.length = 0;
    expect(await r.diff(created.id, created.props, await r.check(relay, created.props))).toMatchObject({
      changes: "none",
    });
    expect(server.requests).toEqual([]);

    const bigger = { ...relay, serviceName: "Outmail1000" };
    const updated = await r.update(created.id, created.props, bigger);
    expect(updated).toMatchObject({ serviceName: "Outmail1000" });
    expect(server.writes()).toEqual(["PATCH /api-v1/live_services/1234931"]);

    const refreshed = await r.read(created.id, updated);
    expect(refreshed.inputs).toMatchObject({ serviceName: "Outmail1000", suspended: false });

    server.requests.length = 0;
    const adopted = await r.create({ ...bigger, adopt: created.id });
    expect(adopted).toMatchObject({ id: created.id, props: { outmailId: "500001" } });
    expect(server.writes()).toEqual([]);

    server.requests.length = 0;
    await r.delete(created.id, updated);
    await r.delete(created.id, updated);
    expect(server.writes()).toEqual([
      "DELETE /api-v1/live_services/1234931",
      "DELETE /api-v1/live_services/1234931",
    ]);
    expect((await r.read(created.id, updated)).id).toBe("");
  });

  it("after a lost create, takes the service over when the username search finds it", async () => {
    server.dropAfter("POST", "/outmails");
    const created = await relays().create(relay);
    expect(created.id).toBe("1234931");
    expect(server.writes()).toEqual(["POST /api-v1/outmails"]);
  });

  it("after a lost create, calls the outcome unknown when the server ignored the search", async () => {
    server.dropAfter("POST", "/outmails");
    searchApplied = false;
    const err = (await relays()
      .create(relay)
      .catch((e: unknown) => e)) as HostError;
    expect(err).toBeInstanceOf(HostError);
    expect(err.message).toContain("the search was not applied");
    expect(err.message).toContain("The outcome is unknown");
    expect(err.message).not.toContain("safe to run");
    expect(err.message).not.toContain(KEY);
    expect(server.writes()).toEqual(["POST /api-v1/outmails"]);
  });
});

describe("client lookups against KB 392-395's client records", () => {
  it("lists and searches clients that have username and surname but no name", async () => {
    const api = partnerApiFromConfig();
    expect(await api.listClients()).toEqual([
      {
        id: "9987606",
        username: "fred@bloggs.example",
        email: "fred@bloggs.example",
        title: "Mr",
        firstName: "Fred",
        surname: "Bloggs",
        active: true,
        statusId: "1",
        externalUserId: "123456",
      },
    ]);
    expect((await api.searchClients({ id: "9987606" })).map((c) => c.id)).toEqual(["9987606"]);
    expect(server.requests).toContain("GET /api-v1/clients");
  });
});
