import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";

import * as fs from "node:fs";
import * as os from "node:os";

import {
  type ImportPlan,
  buildImportPlan,
  orphansOf,
  pulumiImportFile,
  slug,
} from "../../provider/commands/import-plan";
import { type RecordedServer, startRecordedServer } from "../contract/recorded-server";

const ROOT = path.resolve(__dirname, "../..");

test("slug makes stable, readable resource names", () => {
  expect(slug("mailbox", "Office@Customer.example")).toBe("mailbox-office-customer-example");
  expect(slug("outmail", "--Legacy_Relay--")).toBe("outmail-legacy-relay");
});

test("a vendor that cannot list its objects is reported in notes, not guessed", async () => {
  const plan = await buildImportPlan(
    { vendors: ["resellerclub", "mailup"] },
    new Date("2026-11-23T00:00:00Z"),
  );
  expect(plan.resources).toEqual([]);
  expect(plan.notes.join("\n")).toContain("pass --resellerclub-orders ID,ID");
  expect(plan.notes.join("\n")).toContain("pass --mailup-accounts ID,ID");
  expect(plan.generatedAt).toBe("2026-11-23T00:00:00.000Z");
});

test("the command refuses bad arguments with exit code 2 and its usage", async () => {
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  await expect(
    promisify(execFile)(tsx, ["provider/commands/cli.ts", "import-plan", "--vendor", "nonsense"], {
      cwd: ROOT,
    }),
  ).rejects.toMatchObject({
    code: 2,
    stderr: expect.stringMatching(
      /unknown vendor nonsense[\s\S]*--out is required[\s\S]*Usage: pulumi-mailreseller import-plan/,
    ),
  });
});

test("--vendor outmail is another name for partner", async () => {
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const refused = promisify(execFile)(
    tsx,
    ["provider/commands/cli.ts", "import-plan", "--vendor", "outmail"],
    {
      cwd: ROOT,
    },
  );
  await expect(refused).rejects.toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/^--out is required\n/),
  });
});

/**
 * The Partner API's live services, each outMail one with its GET /outmails record, on a throwaway server
 * whose records vary in ways the sandbox's do not (missing products, other spellings, a list route that is
 * not there): what a partner with portal-made services of other products may have.
 */
describe("import-plan for the Partner API (vendor partner)", () => {
  let server: RecordedServer;
  let liveServices: Record<string, unknown>[];
  /** Whether the server has GET /live_services at all (its form is our reading of KB 399). */
  let listServed = true;
  const outmails = [
    {
      id: "501",
      username: "legacy-relay",
      client_id: 987606,
      service_name: "Outmail250",
      whmcs_serviceid: "77",
      outmail_server_id: 3,
      live_service_id: 1234935,
      status: "active",
    },
    {
      id: "502",
      username: "shop-relay",
      client_id: "9987606",
      service_name: "Outmail500",
      outmail_server_id: "3",
      live_service_id: "1234936",
      status: "suspended",
    },
  ];
  const outmailLive = [
    {
      id: 1234935,
      product: "outMail",
      tariff_service_name: "Outmail250",
      client_id: 987606,
      outmail_id: 501,
    },
    // Without a product, but its outMail id says which GET /outmails record it is.
    {
      id: 1234936,
      tariff_service_name: "Outmail500",
      client_id: 9987606,
      outmail_id: "502",
      status: "suspended",
    },
  ];
  const portal = [
    {
      id: 1234801,
      product: "backupMX",
      tariff_service_name: "BackupMX1",
      client_id: 9987606,
      status: "active",
    },
    // No product in the record: the tariff list files Profilter10 under Profilter.
    { id: "1234802", tariff_service_name: "Profilter10", client_id: "9987606", outmail_id: null },
    // The vendor's spelling differs in case; no client reported; suspended by Prolateral.
    {
      id: 1234803,
      product: "fakemx",
      tariff_service_name: "FakeMX1",
      status: "Suspended",
      suspended_by: "system",
    },
  ];

  beforeAll(async () => {
    server = await startRecordedServer([
      [
        "GET",
        /^\/live_services\/service_names$/,
        () => ({
          body: {
            meta: { partner_credits: 1000 },
            data: [
              { service_name: "Outmail250", product: "outMail", credits: 5 },
              { service_name: "Outmail500", product: "outMail", credits: 10 },
              { service_name: "Profilter10", product: "Profilter", credits: 4 },
              { service_name: "Archive1", credits: 2 },
            ],
          },
        }),
      ],
      [
        "GET",
        /^\/live_services$/,
        () =>
          listServed
            ? { body: { meta: {}, data: liveServices } }
            : {
                status: 404,
                body: { error: { name: "NotFound", url: "/live_services", message: "No route" } },
              },
      ],
      ["GET", /^\/outmails$/, () => ({ body: { meta: {}, data: outmails } })],
    ]);
    process.env.MAILRESELLER_PARTNER_API_URL = server.url;
    process.env.MAILRESELLER_PARTNER_ID = "partner-1";
    process.env.MAILRESELLER_PARTNER_API_KEY = "key-1";
  });
  afterAll(async () => {
    delete process.env.MAILRESELLER_PARTNER_API_URL;
    delete process.env.MAILRESELLER_PARTNER_ID;
    delete process.env.MAILRESELLER_PARTNER_API_KEY;
    await server?.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    listServed = true;
  });

  it("still plans the outMail services, with a note, when the vendor has no GET /live_services", async () => {
    listServed = false;
    const plan = await buildImportPlan({ vendors: ["partner"] });
    expect(plan.resources.map((r) => `${r.type} ${r.name}`)).toEqual([
      "outmail.Service outmail-legacy-relay",
      "outmail.Service outmail-shop-relay",
    ]);
    expect(plan.notes).toEqual([
      expect.stringContaining("the Partner API does not serve GET /live_services"),
    ]);
  });

  it("keeps outMail services as outmail.Service, byte for byte, and plans every other live service", async () => {
    liveServices = [...outmailLive, ...portal];
    const plan = await buildImportPlan({ vendors: ["partner"] }, new Date("2026-12-01T00:00:00Z"));
    // The outMail entries as before partner.LiveService existed, in GET /outmails order and key order.
    expect(plan.resources.slice(0, 2).map((r) => JSON.stringify(r))).toEqual([
      '{"type":"outmail.Service","name":"outmail-legacy-relay","adopt":"1234935","args":{"clientId":"987606",' +
        '"serviceName":"Outmail250","username":"legacy-relay","billingServiceId":"77","suspended":false},' +
        '"secrets":{"password":"outmail-legacy-relay-password"}}',
      '{"type":"outmail.Service","name":"outmail-shop-relay","adopt":"1234936","args":{"clientId":"9987606",' +
        '"serviceName":"Outmail500","username":"shop-relay","suspended":true},' +
        '"secrets":{"password":"outmail-shop-relay-password"}}',
    ]);
    expect(plan.resources.slice(2)).toEqual([
      {
        type: "partner.LiveService",
        name: "backupmx-1234801",
        adopt: "1234801",
        args: {
          liveServiceId: "1234801",
          product: "backupMX",
          serviceName: "BackupMX1",
          clientId: "9987606",
          suspended: false,
        },
      },
      {
        type: "partner.LiveService",
        name: "profilter-1234802",
        adopt: "1234802",
        args: {
          liveServiceId: "1234802",
          product: "Profilter",
          serviceName: "Profilter10",
          clientId: "9987606",
          suspended: false,
        },
      },
      {
        type: "partner.LiveService",
        name: "fakemx-1234803",
        adopt: "1234803",
        args: { liveServiceId: "1234803", product: "fakeMX", serviceName: "FakeMX1", suspended: true },
      },
    ]);
    // The args are partner.LiveService's, in its order; no secrets, nothing missing.
    expect(Object.keys(plan.resources[2].args)).toEqual([
      "liveServiceId",
      "product",
      "serviceName",
      "clientId",
      "suspended",
    ]);
    expect(plan.notes).toEqual([]);
    expect(server.writes()).toEqual([]);
  });

  it("reads the tariff list only when a record has no product", async () => {
    liveServices = [outmailLive[0], portal[0]];
    const plan = await buildImportPlan({ vendors: ["partner"] });
    expect(plan.resources.map((r) => r.name)).toEqual([
      "outmail-legacy-relay",
      "outmail-shop-relay",
      "backupmx-1234801",
    ]);
    expect(server.requests).not.toContain("GET /live_services/service_names");
  });

  it("says what it cannot tell instead of guessing: an unknown product, another product, an unlisted outMail service", async () => {
    liveServices = [
      ...outmailLive,
      // Neither the record nor the tariff list says the product.
      { id: 1234810, tariff_service_name: "Archive1", client_id: 1002345 },
      { id: 1234811, tariff_service_name: "Mystery9" },
      // A product partner.LiveService does not manage.
      { id: 1234812, product: "Archive", tariff_service_name: "Archive1" },
      // An outMail service GET /outmails does not list.
      {
        id: 1234813,
        product: "outMail",
        tariff_service_name: "Outmail500",
        outmail_id: 599,
        client_id: 9987606,
      },
    ];
    const plan = await buildImportPlan({ vendors: ["partner"] });
    const live = plan.resources.filter((r) => r.type === "partner.LiveService");
    expect(live).toEqual([
      {
        type: "partner.LiveService",
        name: "live-service-1234810",
        adopt: "1234810",
        args: { liveServiceId: "1234810", serviceName: "Archive1", clientId: "1002345", suspended: false },
        missing: ["product"],
      },
      {
        type: "partner.LiveService",
        name: "live-service-1234811",
        adopt: "1234811",
        args: { liveServiceId: "1234811", serviceName: "Mystery9", suspended: false },
        missing: ["product"],
      },
      {
        type: "partner.LiveService",
        name: "outmail-1234813",
        adopt: "1234813",
        args: {
          liveServiceId: "1234813",
          product: "outMail",
          serviceName: "Outmail500",
          clientId: "9987606",
          suspended: false,
        },
      },
    ]);
    expect(plan.notes).toEqual([
      expect.stringContaining(
        'the product of live service(s) 1234810, 1234811: each partner.LiveService lists product under "missing"',
      ),
      expect.stringContaining("GET /outmails does not: 1234813 (outMail id 599)"),
      expect.stringMatching(/does not manage .* are left out of the plan: 1234812 \(Archive\)\.$/),
    ]);
  });

  it("--import-file writes Pulumi's bulk import file beside the plan", async () => {
    liveServices = [outmailLive[0], portal[0]];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-plan-"));
    const [planFile, importFile] = [path.join(dir, "plan.json"), path.join(dir, "import.json")];
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const { stdout } = await promisify(execFile)(
      tsx,
      [
        "provider/commands/cli.ts",
        "import-plan",
        "--vendor",
        "partner",
        "--out",
        planFile,
        "--import-file",
        importFile,
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          MAILRESELLER_PARTNER_API_URL: server.url,
          MAILRESELLER_PARTNER_ID: "partner-1",
          MAILRESELLER_PARTNER_API_KEY: "key-1",
        },
      },
    );
    expect(stdout).toContain(`pulumi import --file ${importFile}`);
    const plan = JSON.parse(fs.readFileSync(planFile, "utf8")) as ImportPlan;
    expect(JSON.parse(fs.readFileSync(importFile, "utf8"))).toEqual(pulumiImportFile(plan));
    expect(pulumiImportFile(plan).resources.map((r) => `${r.type} ${r.name} ${r.id}`)).toEqual([
      "mailreseller:outmail:Service outmail-legacy-relay 1234935",
      "mailreseller:outmail:Service outmail-shop-relay 1234936",
      "mailreseller:partner:LiveService backupmx-1234801 1234801",
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("with no state given, every planned live service is an orphan", async () => {
    liveServices = [...outmailLive, ...portal];
    const plan = await buildImportPlan({ vendors: ["partner"] });
    const exported = { deployment: { resources: [] } };
    expect(orphansOf(plan, [exported]).resources).toEqual(plan.resources);
  });
});

describe("orphansOf", () => {
  const plan = {
    version: 1 as const,
    generatedAt: "2026-12-01T00:00:00.000Z",
    vendors: ["partner" as const, "mailup" as const],
    notes: [],
    resources: [
      { type: "outmail.Service" as const, name: "outmail-kept", adopt: "1001", args: {} },
      { type: "outmail.Service" as const, name: "outmail-orphan", adopt: "1002", args: {} },
      { type: "mailup.Account" as const, name: "mailup-account-7", adopt: "7", args: {} },
      { type: "resellerclub.MailUser" as const, name: "mailbox-a", adopt: "1001/A@x.example", args: {} },
    ],
  };
  const exported = (resources: unknown[]) => ({ version: 3, deployment: { resources } });

  it("keeps only what no given state knows, by id (and a MailUp account by its recorded account id)", () => {
    const result = orphansOf(plan, [
      exported([{ type: "pulumi-nodejs:dynamic/outmail:Service", id: "1001" }]),
      exported([
        { type: "pulumi-nodejs:dynamic/mailup:Account", id: "activation-9", outputs: { accountId: "7" } },
        { type: "pulumi-nodejs:dynamic/resellerclub:MailUser", id: "1001/a@x.example" },
        // The same id under another type is not the same object.
        { type: "pulumi-nodejs:dynamic/resellerclub:ForwardOnlyAccount", id: "1002" },
      ]),
    ]);
    expect(result.resources.map((r) => r.name)).toEqual(["outmail-orphan"]);
    expect(result.notes.at(-1)).toMatch(
      /^orphans: 1 of the 4 objects read at the vendors are in none of the 2 stack state\(s\) given \(4 resources\)/,
    );
  });

  it("knows a live service in state as partner.LiveService, and an outMail one managed as either type", () => {
    const partnerPlan = {
      ...plan,
      vendors: ["partner" as const],
      resources: [
        { type: "outmail.Service" as const, name: "outmail-kept", adopt: "1001", args: {} },
        { type: "outmail.Service" as const, name: "outmail-orphan", adopt: "1002", args: {} },
        { type: "partner.LiveService" as const, name: "backupmx-1234801", adopt: "1234801", args: {} },
        { type: "partner.LiveService" as const, name: "outmail-1234813", adopt: "1234813", args: {} },
        { type: "partner.LiveService" as const, name: "fakemx-1234803", adopt: "1234803", args: {} },
      ],
    };
    const result = orphansOf(partnerPlan, [
      exported([
        { type: "pulumi-nodejs:dynamic/partner:LiveService", id: "1234801" },
        // An outMail service taken over as a partner.LiveService, and the other way round.
        { type: "pulumi-nodejs:dynamic/partner:LiveService", id: "1001" },
        { type: "pulumi-nodejs:dynamic/outmail:Service", id: "1234813" },
        // The same id under an unrelated type is still not the same object.
        { type: "pulumi-nodejs:dynamic/mailup:Account", id: "1234803" },
      ]),
    ]);
    expect(result.resources.map((r) => r.name)).toEqual(["outmail-orphan", "fakemx-1234803"]);
  });

  it("knows an object whether a state holds it as a dynamic or a native resource", () => {
    const result = orphansOf(plan, [
      exported([
        // The native provider's resources: their own type tokens, the same ids.
        { type: "mailreseller:outmail:Service", id: "1001" },
        { type: "mailreseller:mailup:Account", id: "7" },
        { type: "mailreseller:resellerclub:ForwardOnlyAccount", id: "1001/a@x.example" },
        { type: "pulumi:providers:mailreseller", id: "1002" },
      ]),
    ]);
    expect(result.resources.map((r) => r.name)).toEqual(["outmail-orphan", "mailbox-a"]);
  });

  it("refuses a file that is not a stack export", () => {
    expect(() => orphansOf(plan, [{ checkpoint: {} }])).toThrow('no "deployment.resources" list');
  });
});

describe("pulumiImportFile: Pulumi's bulk import file for the native provider", () => {
  const plan: ImportPlan = {
    version: 1,
    generatedAt: "2026-12-01T00:00:00.000Z",
    vendors: ["partner", "resellerclub", "mailup", "mailpartner"],
    notes: [],
    resources: [
      {
        type: "outmail.Service",
        name: "outmail-relay",
        adopt: "1234935",
        args: { clientId: "987606", serviceName: "Outmail250", username: "relay", suspended: false },
        secrets: { password: "outmail-relay-password" },
      },
      {
        type: "resellerclub.MailUser",
        name: "mailbox-office-customer-example",
        adopt: "1001/office@customer.example",
        args: { orderId: "1001", email: "office@customer.example", firstName: undefined },
        secrets: { password: "mailbox-office-customer-example-password" },
      },
      {
        type: "mailup.Account",
        name: "mailup-account-17001",
        adopt: "17001",
        args: { profile: "Premium", ipAddress: "192.0.2.1", enabled: true },
        missing: ["language", "email"],
      },
      {
        type: "mailup.AccountPack",
        name: "mailup-account-17001-storage",
        adopt: "17001/3",
        args: { accountId: "17001", pack: "3", quantity: 2 },
      },
      // Another vendor's object with the same id as the MailUp account.
      {
        type: "partner.LiveService",
        name: "backupmx-17001",
        adopt: "17001",
        args: { liveServiceId: "17001", serviceName: "BackupMX1", suspended: false },
        missing: ["product"],
      },
      { type: "mailpartner.Subaccount", name: "subaccount-a", adopt: "a@x.example", args: {} },
    ],
  };

  it("names each object by its native type token, the plan's name and the id its Read takes", () => {
    expect(pulumiImportFile(plan).resources).toEqual([
      {
        type: "mailreseller:outmail:Service",
        name: "outmail-relay",
        id: "1234935",
        properties: ["clientId", "serviceName", "username", "suspended"],
        inputs: { clientId: "987606", serviceName: "Outmail250", username: "relay", suspended: false },
      },
      {
        type: "mailreseller:resellerclub:MailUser",
        name: "mailbox-office-customer-example",
        id: "1001/office@customer.example",
        properties: ["orderId", "email"],
        inputs: { orderId: "1001", email: "office@customer.example" },
      },
      // Pulumi finds an import's properties by id alone: two entries of one id keep all their inputs.
      {
        type: "mailreseller:mailup:Account",
        name: "mailup-account-17001",
        id: "17001",
        inputs: { profile: "Premium", ipAddress: "192.0.2.1", enabled: true },
      },
      {
        type: "mailreseller:mailup:AccountPack",
        name: "mailup-account-17001-storage",
        id: "17001/3",
        properties: ["accountId", "pack", "quantity"],
        inputs: { accountId: "17001", pack: "3", quantity: 2 },
      },
      {
        type: "mailreseller:partner:LiveService",
        name: "backupmx-17001",
        id: "17001",
        inputs: { liveServiceId: "17001", serviceName: "BackupMX1", suspended: false },
      },
      { type: "mailreseller:mailpartner:Subaccount", name: "subaccount-a", id: "a@x.example" },
    ]);
    // No secret, nor the name of the config key that holds one.
    expect(JSON.stringify(pulumiImportFile(plan))).not.toMatch(/password/);
  });

  it("has only the fields Pulumi 3.276 reads from an import file, by their JSON names", () => {
    // pkg/v3@v3.276.0/cmd/pulumi/operations/import.go:
    //   type importFile struct {
    //   	NameTable map[string]resource.URN `json:"nameTable,omitempty"`
    //   	Resources []importSpec            `json:"resources,omitempty"`
    //   	ProviderInputs map[string]map[string]any `json:"providerInputs,omitempty"`
    //   type importSpec struct {
    //   	Type              tokens.Type `json:"type"`
    //   	Name              string      `json:"name"`
    //   	ID                resource.ID `json:"id,omitempty"`
    //   	Parent            string      `json:"parent,omitempty"`
    //   	Provider          string      `json:"provider,omitempty"`
    //   	Version           string      `json:"version,omitempty"`
    //   	PluginDownloadURL string      `json:"pluginDownloadUrl,omitempty"`
    //   	Properties        []string    `json:"properties,omitempty"`
    //   	Component         bool        `json:"component,omitempty"`
    //   	Remote            bool        `json:"remote,omitempty"`
    //   	Inputs map[string]any `json:"inputs,omitempty"`
    //   	Outputs map[string]any `json:"outputs,omitempty"`
    //   	LogicalName string `json:"logicalName,omitempty"`
    //   	Parameterization *importParameterization `json:"parameterization,omitempty"`
    //   	Extension *importExtension `json:"extension,omitempty"`
    // Go's decoder ignores a field it does not know: a misspelt one would be dropped without an error.
    const fileFields = ["nameTable", "resources", "providerInputs"];
    const specFields = [
      ...["type", "name", "id", "parent", "provider", "version", "pluginDownloadUrl", "properties"],
      ...["component", "remote", "inputs", "outputs", "logicalName", "parameterization", "extension"],
    ];
    const file = JSON.parse(JSON.stringify(pulumiImportFile(plan))) as Record<string, unknown>;
    expect(Object.keys(file).filter((k) => !fileFields.includes(k))).toEqual([]);
    const specs = file.resources as Record<string, unknown>[];
    expect(specs.flatMap((s) => Object.keys(s)).filter((k) => !specFields.includes(k))).toEqual([]);
    // parseImportFile: every entry has a type and a name, and, not being a component, an ID.
    for (const spec of specs) {
      expect(spec).toEqual(
        expect.objectContaining({
          type: expect.any(String),
          name: expect.any(String),
          id: expect.any(String),
        }),
      );
    }
    // Resource names must be unique: Pulumi makes each URN from the type and the name.
    expect(new Set(specs.map((s) => s.name)).size).toBe(specs.length);
  });
});
