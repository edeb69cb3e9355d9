/**
 * partner.LiveService through Pulumi's real dynamic-provider host, against a server that answers with
 * only what Prolateral's KB attests of a live service (seed 001 / KB 403): `regrade_servicenames`, spelled
 * as the KB's prose spells it (`regarde_servicenames`), beside the tariff the regrade writes, and the
 * regrade's documented answer (`meta.success`). No product, no status, no client, and a tariff list
 * without products: the sandbox's richer record is our model, and the client must not depend on it. What
 * cannot be verified is taken as declared (with a warning), never failed on and never guessed.
 */
import { setProviderConfig } from "../../provider/core/transport/config";
import { type LiveServiceInputs, implementation } from "../../provider/partner/live-service";
import { DynamicHost, startDynamicHost } from "../harness/dynamic-host";
import { regradedAnswer } from "./fixtures/outmail";
import { lifecycle } from "./lifecycle";
import { RecordedServer, Route, startRecordedServer } from "./recorded-server";

jest.setTimeout(60_000);

let server: RecordedServer;
let host: DynamicHost;
let tariff = "BackupMX1";
let deleted = false;
const patches: unknown[] = [];

/** KB 403: the balance and "the cost in credits for a service"; the field names are the sandbox's. */
const serviceNamesWithoutProducts = {
  meta: { success: true, partner_credits: 1000 },
  data: [
    { service_name: "BackupMX1", credits: 3 },
    { service_name: "BackupMX5", credits: 12 },
  ],
};

const routes: Route[] = [
  ["GET", /\/api-v1\/live_services\/service_names$/, () => ({ body: serviceNamesWithoutProducts })],
  // The product in another case than the KB's (the sandbox spells it as the KB does).
  [
    "GET",
    /\/api-v1\/live_services\/1234933$/,
    () => ({
      body: {
        meta: { success: true },
        data: { id: "1234933", product: "backupmx", tariff_service_name: "BackupMX1" },
      },
    }),
  ],
  // A product partner.LiveService does not manage (the sandbox has none such).
  [
    "GET",
    /\/api-v1\/live_services\/1234932$/,
    () => ({
      body: {
        meta: { success: true },
        data: { id: "1234932", product: "Archive", tariff_service_name: "Archive1" },
      },
    }),
  ],
  [
    "GET",
    /\/api-v1\/live_services\/(\d+)$/,
    (_req, m) =>
      deleted || m[1] !== "1234931"
        ? { status: 404, body: { error: { name: "NotFound", url: "", message: "not found" } } }
        : {
            body: {
              meta: { success: true },
              data: {
                id: "1234931",
                tariff_service_name: tariff,
                regarde_servicenames: ["BackupMX1", "BackupMX5"].filter((t) => t !== tariff),
              },
            },
          },
  ],
  [
    "PATCH",
    /\/api-v1\/live_services\/(\d+)$/,
    (req) => {
      patches.push(req.json);
      tariff = (req.json as { tariff_service_name: string }).tariff_service_name;
      return { body: regradedAnswer.body };
    },
  ],
  [
    "DELETE",
    /\/api-v1\/live_services\/(\d+)$/,
    () => {
      deleted = true;
      return { body: { meta: { success: true } } };
    },
  ],
];

beforeAll(async () => {
  server = await startRecordedServer(routes);
  const config: Record<string, string> = {
    "mailreseller:partnerApiUrl": `${server.url}/api-v1`,
    "mailreseller:partnerId": "contract-partner",
    "mailreseller:partnerApiKey": "contract-partner-key",
  };
  host = await startDynamicHost(config);
  setProviderConfig({ get: (key) => config[key] });
});

afterAll(async () => {
  host?.stop();
  await server?.close();
});

const declared = {
  liveServiceId: "1234931",
  product: "backupMX",
  serviceName: "BackupMX1",
  clientId: "9987606",
};

test("imports a live service whose product no source names: product is left out, and the program's taken as declared", async () => {
  const imported = await implementation.read("1234931", undefined);
  expect(imported.inputs).toEqual({ liveServiceId: "1234931", serviceName: "BackupMX1", suspended: false });
  expect(server.requests.filter((r) => !r.startsWith("GET "))).toEqual([]);
  // The program then declares the product (the owner, which the record does not report, left out).
  const program = { liveServiceId: "1234931", product: "backupMX", serviceName: "BackupMX1" };
  const checked = await implementation.check(imported.inputs!, program as LiveServiceInputs);
  expect(checked.failures).toEqual([]);
  const diff = await implementation.diff("1234931", imported.props!, checked.inputs!);
  expect(diff).toMatchObject({ changes: false, replaces: [] });
  // Recorded from then on: changing it is refused, as for a product the vendor reported.
  const recorded = { ...checked.inputs!, suspendedBySystem: false };
  const other = await implementation.check(recorded, { ...program, product: "fakeMX" } as LiveServiceInputs);
  expect(other.failures).toEqual([expect.objectContaining({ property: "product" })]);
});

test("imports a product the vendor spells in another case in the KB's spelling", async () => {
  expect((await implementation.read("1234933", undefined)).inputs).toMatchObject({ product: "backupMX" });
});

test("refuses to import a service of a product partner.LiveService does not manage, as taking it over does", async () => {
  const err = await implementation.read("1234932", undefined).catch((e: unknown) => e);
  expect((err as Error).message).toMatch(
    /^outMail Partner API: cannot import Archive live service 1234932: partner.LiveService manages outMail, Profilter, .*\. Leave it out of the import/,
  );
});

test("takes over, regrades, refreshes and deletes a live service reported with the attested fields only", async () => {
  const mx = lifecycle(host, "partner-live-service", "partner:LiveService", "mx");
  const { id, props } = await mx.create(declared);
  expect(id).toBe("1234931");
  expect(props).toMatchObject({ product: "backupMX", serviceName: "BackupMX1", suspended: false });
  expect(server.requests.filter((r) => !r.startsWith("GET "))).toEqual([]);

  const regraded = await mx.update(id, props, { ...declared, serviceName: "BackupMX5" });
  expect(regraded).toMatchObject({ serviceName: "BackupMX5" });
  expect(patches).toEqual([{ tariff_service_name: "BackupMX5" }]);

  const refreshed = await mx.read(id, regraded);
  expect(refreshed.props).toMatchObject({
    product: "backupMX",
    serviceName: "BackupMX5",
    clientId: "9987606",
  });

  await mx.delete(id, regraded);
  expect(deleted).toBe(true);
});
