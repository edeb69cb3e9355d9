/**
 * mailpartner.Subaccount through Pulumi's real dynamic-provider host, against a server answering with the
 * bodies MailPartner's documentation shows (fixtures/mailpartner.ts names each page), not our sandbox.
 * Needs the package installed into examples/ (`npm test` does it).
 */
import { DynamicHost, HostError, startDynamicHost } from "../harness/dynamic-host";
import {
  createdAnswer,
  emailTakenAnswer,
  listAnswer,
  validationErrorAnswer,
  wrongKeyAnswer,
} from "./fixtures/mailpartner";
import { lifecycle } from "./lifecycle";
import { RecordedServer, Route, startRecordedServer } from "./recorded-server";

jest.setTimeout(60_000);

const PARENT_KEY = "contract-mailpartner-key";
type Listed = (typeof listAnswer.body.data)[number];

let server: RecordedServer;
let host: DynamicHost;
let subaccounts: Listed[] = [];
let listFails = false;
/** An answer every create gets instead of the documented success, while set. */
let createAnswer: { status?: number; body: unknown } | undefined;

const routes: Route[] = [
  [
    "POST",
    /\/v1\/subaccount\/create$/,
    (req) => {
      if (createAnswer) return createAnswer;
      const body = req.json as { type: string; parameters: { email?: string } };
      const email = body.parameters.email ?? "9875587@mailpartner.fr";
      if (subaccounts.some((s) => s.email === email)) return { body: emailTakenAnswer.body };
      const n = subaccounts.length + 1;
      // The list's own item shape, with this sub-account's own (secret) API key.
      subaccounts.push({
        ...listAnswer.body.data[0],
        id: n,
        email,
        type: body.type,
        token: `token-${n}`,
        apiKey: `own-api-key-of-subaccount-${n}`,
      });
      return {
        body: {
          ...createdAnswer.body,
          subaccount: { email, token: `token-${n}` },
          sendConfirmMailTo: email,
        },
      };
    },
  ],
  [
    "GET",
    /\/v1\/subaccount\/list$/,
    (req) => {
      if (listFails) return { status: 500, body: { success: false, code: 500, message: "Erreur interne" } };
      const page = Number(req.params.get("page") ?? "1");
      const perPage = listAnswer.body.nb_per_page;
      return {
        body: {
          ...listAnswer.body,
          total: subaccounts.length,
          page,
          data: subaccounts.slice((page - 1) * perPage, page * perPage),
        },
      };
    },
  ],
];

beforeAll(async () => {
  server = await startRecordedServer(routes);
  host = await startDynamicHost({
    "mailreseller:mailpartnerApiUrl": `${server.url}/v1`,
    "mailreseller:mailpartnerApiKey": PARENT_KEY,
  });
});

afterAll(async () => {
  host?.stop();
  await server?.close();
});

beforeEach(() => {
  // The documented list's two sub-accounts, as they are.
  subaccounts = listAnswer.body.data.map((s) => ({ ...s }));
  listFails = false;
  createAnswer = undefined;
  server.requests.length = 0;
});

const subs = () => lifecycle(host, "mailpartner-subaccount", "mailpartner:Subaccount", "shop");
const shop = { type: "advanced", email: "shop@customer.example", isBuyer: false, creditToAttribute: 5 };
const ownKeys = () => subaccounts.map((s) => s.apiKey);

describe("mailpartner.Subaccount against MailPartner's documented answers", () => {
  it("creates once, previews unchanged with no call, refreshes through the documented list, deletes with no call", async () => {
    const r = subs();
    const created = await r.create(shop);
    expect(created).toMatchObject({ id: "shop@customer.example", props: { creditAttributed: 5 } });
    expect(server.writes()).toEqual(["POST /v1/subaccount/create"]);

    server.requests.length = 0;
    expect(await r.diff(created.id, created.props, await r.check(shop, created.props))).toMatchObject({
      changes: "none",
    });
    expect(server.requests).toEqual([]);

    const refreshed = await r.read(created.id, created.props);
    expect(refreshed.id).toBe(created.id);
    // The list reports no names or isBuyer: those keep their state values.
    expect(refreshed.inputs).toMatchObject({ type: "advanced", email: shop.email, isBuyer: false });
    // Each sub-account's own API key comes with the list; none may reach state.
    for (const key of ownKeys()) expect(JSON.stringify(refreshed)).not.toContain(key);

    server.requests.length = 0;
    await r.delete(created.id, created.props);
    await r.delete(created.id, created.props);
    expect(server.requests).toEqual([]);
  });

  it("reads the documented list's own items, keeping their API keys out", async () => {
    const read = await subs().read("email2", { type: "simple", email: "email2", creditAttributed: 0 });
    expect(read).toMatchObject({ id: "email2", props: { type: "simple", token: "token2" } });
    expect(JSON.stringify(read)).not.toContain("ApiKey2 du sous compte");
  });

  it("after a lost create, finds the sub-account in the list and says how to adopt it; adopting writes nothing", async () => {
    server.dropAfter("POST", "/subaccount/create");
    const err = (await subs()
      .create(shop)
      .catch((e: unknown) => e)) as HostError;
    expect(err.message).toContain("shop@customer.example now exists at MailPartner");
    expect(err.message).toContain('set `adopt: "shop@customer.example"`');
    server.requests.length = 0;
    const adopted = await subs().create({ ...shop, adopt: "shop@customer.example" });
    expect(adopted.props).toMatchObject({ creditAttributed: 0, token: "token-3" });
    expect(server.writes()).toEqual([]);
  });

  it("says the outcome is unknown when the list cannot be read after a lost create", async () => {
    server.dropAfter("POST", "/subaccount/create");
    listFails = true;
    const err = (await subs()
      .create(shop)
      .catch((e: unknown) => e)) as HostError;
    expect(err.message).toContain("The outcome is unknown");
    expect(err.message).not.toContain("safe to run");
    expect(err.message).not.toContain(PARENT_KEY);
  });

  it("takes over the sub-account behind the documented code 7 when it matches, with no second create", async () => {
    await subs().create(shop);
    server.requests.length = 0;
    const again = await subs().create(shop);
    expect(again.id).toBe("shop@customer.example");
    expect(server.writes()).toEqual(["POST /v1/subaccount/create"]);
  });

  it("reads the validation shape at HTTP 400 (code 9 with a list of fields) as a refusal, not the balance", async () => {
    createAnswer = { status: validationErrorAnswer.status, body: validationErrorAnswer.body };
    const err = (await subs()
      .create(shop)
      .catch((e: unknown) => e)) as HostError;
    expect(err.message).toContain(
      "MailPartner: could not create advanced sub-account (email shop@customer.example): HTTP 400 9: " +
        "refused field by field: children[message].data: Le message est requis; children[phoneNumbers].data:",
    );
    expect(err.message).toContain("children[time].data: L'heure est requise");
    expect(err.message).not.toContain("balance");
    // A refusal: sent once, and not looked for in the list as a lost create would be.
    expect(server.requests).toEqual(["POST /v1/subaccount/create"]);
  });

  it("reads code 10 (Clé API incorrecte) as wrong credentials, naming where they are set", async () => {
    createAnswer = { body: wrongKeyAnswer.body };
    const err = (await subs()
      .create(shop)
      .catch((e: unknown) => e)) as HostError;
    expect(err.message).toContain('HTTP 200 10: the API key is wrong ("Clé API incorrecte")');
    expect(err.message).toContain("check the credentials in the stack config");
    expect(err.message).not.toContain(PARENT_KEY);
  });

  it("turns the documented code 7 into the difference and the adopt to set when the type differs", async () => {
    await subs().create(shop);
    const { isBuyer: _advancedOnly, ...simple } = shop;
    await expect(subs().create({ ...simple, type: "simple" })).rejects.toThrow(
      /7: an account already exists with this email \("Un compte existe déjà avec cet email"\).*type: program "simple", live "advanced".*adopt: "shop@customer\.example"/,
    );
  });
});
