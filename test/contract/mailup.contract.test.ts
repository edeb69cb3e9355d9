/**
 * mailup.Account and mailup.AccountPack through Pulumi's real dynamic-provider host, against a server
 * that answers with the bodies MailUp's own Retailer pages document (fixtures/mailup.ts names each page),
 * not against our sandbox. Needs the package installed into examples/ (`npm test` does it).
 */
import { DynamicHost, HostError, startDynamicHost } from "../harness/dynamic-host";
import {
  accountStatus,
  activationDone,
  activationFailed,
  activationProcessing,
  activationStarted,
  enabledAnswer,
  languagesAnswer,
  noSuchAccount,
  packProfileRule,
  packSet,
  packsAnswer,
  profileSwitchFailed,
  profileSwitched,
  profileSwitching,
  profilesAnswer,
  tokenAnswer,
} from "./fixtures/mailup";
import { lifecycle } from "./lifecycle";
import { RecordedServer, Route, startRecordedServer } from "./recorded-server";

jest.setTimeout(60_000);

const REST = "/API/v1.1/Rest/RetailerService.svc";
const SECRET = "contract-mailup-secret";

interface AccountState {
  profile: number;
  enabled: boolean;
  packs: Map<number, number>;
}

let server: RecordedServer;
let host: DynamicHost;
const accounts = new Map<number, AccountState>();
let activation: { profile: number; polls: number; fails: boolean } | undefined;
let nextActivationFails = false;
/** The profile switch under way (the PUTs it answered 202 so far), and whether it fails with MailUp's 500. */
let profileSwitch: { to: number; puts: number } | undefined;
let switchFails = false;
/** Removing a pack answers MailUp's Code 2 (a profile rule, such as an SMS pack that cannot be removed). */
let removalRefused = false;

const rest = (path: string) => new RegExp(`^${REST.replace(/\./g, "\\.")}${path}$`);
const withStatus = (f: { status?: number; body: unknown }) => ({ status: f.status, body: f.body });

const routes: Route[] = [
  ["POST", /\/Authorization\/OAuth\/Token$/, () => ({ body: tokenAnswer.body })],
  ["GET", rest("/Management/Profile"), () => ({ body: profilesAnswer.body })],
  ["GET", rest("/Management/Profile/(\\d+)/Pack"), () => ({ body: packsAnswer.body })],
  ["GET", rest("/Management/Profile/(\\d+)/Lang"), () => ({ body: languagesAnswer.body })],
  [
    "POST",
    rest("/Account/Activation/Profile/(\\d+)/Language/(\\w+)"),
    (_req, m) => {
      activation = { profile: Number(m[1]), polls: 0, fails: nextActivationFails };
      return { body: activationStarted.body };
    },
  ],
  [
    "GET",
    rest("/Account/Activation/(\\d+)/Status"),
    () => {
      if (!activation) return withStatus(noSuchAccount);
      activation.polls += 1;
      if (activation.polls === 1) return withStatus(activationProcessing);
      if (activation.fails) return withStatus(activationFailed);
      const id = activationDone.body.IdAccount;
      if (!accounts.has(id))
        accounts.set(id, { profile: activation.profile, enabled: true, packs: new Map() });
      return withStatus(activationDone);
    },
  ],
  [
    "GET",
    rest("/Account/(\\d+)/Status"),
    (_req, m) => {
      const a = accounts.get(Number(m[1]));
      if (!a) return withStatus(noSuchAccount);
      // The documented body, for this account: its id, profile, enabled flag and packs.
      return {
        body: {
          ...accountStatus.body,
          Code: a.enabled ? 0 : 1,
          Description: a.enabled ? "Enabled" : "Disabled",
          IdAccount: Number(m[1]),
          IdProfile: a.profile,
          ActivePacks: accountStatus.body.ActivePacks.map((p) => ({
            ...p,
            Quantity: a.packs.get(p.Id) ?? 0,
            CurrentQuantity: a.packs.get(p.Id) ?? 0,
          })),
        },
      };
    },
  ],
  [
    "PUT",
    rest("/Account/(\\d+)"),
    (req, m) => {
      const a = accounts.get(Number(m[1]));
      if (!a) return withStatus(noSuchAccount);
      a.enabled = req.params.get("Enable") !== "false";
      return { body: enabledAnswer(a.enabled).body };
    },
  ],
  [
    "PUT",
    rest("/Account/(\\d+)/Profile/(\\d+)"),
    (_req, m) => {
      const a = accounts.get(Number(m[1]));
      if (!a) return withStatus(noSuchAccount);
      if (switchFails) return withStatus(profileSwitchFailed);
      const to = Number(m[2]);
      if (a.profile === to) return withStatus(profileSwitched);
      if (profileSwitch?.to !== to) profileSwitch = { to, puts: 0 };
      // The first PUT starts the switch (202), the next one finds it done (200).
      if (profileSwitch.puts++ === 0) return withStatus(profileSwitching);
      a.profile = to;
      profileSwitch = undefined;
      return withStatus(profileSwitched);
    },
  ],
  [
    "DELETE",
    rest("/Account/(\\d+)"),
    (_req, m) => (accounts.delete(Number(m[1])) ? { body: {} } : withStatus(noSuchAccount)),
  ],
  [
    "POST",
    rest("/Account/(\\d+)/Pack/(\\d+)"),
    (req, m) => {
      const a = accounts.get(Number(m[1]));
      if (!a) return withStatus(noSuchAccount);
      const quantity = Number((req.json as { Quantity: number }).Quantity);
      if (removalRefused && quantity === 0) return withStatus(packProfileRule);
      a.packs.set(Number(m[2]), quantity);
      return { body: packSet.body };
    },
  ],
];

beforeAll(async () => {
  server = await startRecordedServer(routes);
  host = await startDynamicHost({
    "mailreseller:mailupApiUrl": `${server.url}${REST}`,
    "mailreseller:mailupTokenUrl": `${server.url}/Authorization/OAuth/Token`,
    "mailreseller:mailupClientId": "contract-client",
    "mailreseller:mailupClientSecret": SECRET,
    "mailreseller:mailupUsername": "contract-retailer",
    "mailreseller:mailupPassword": "contract-retailer-password",
  });
});

afterAll(async () => {
  host?.stop();
  await server?.close();
});

beforeEach(() => {
  accounts.clear();
  activation = undefined;
  nextActivationFails = false;
  removalRefused = false;
  profileSwitch = undefined;
  switchFails = false;
  server.requests.length = 0;
});

const accountsOf = () => lifecycle(host, "mailup-account", "mailup:Account", "console");
const packsOf = () => lifecycle(host, "mailup-account-pack", "mailup:AccountPack", "credits");
const restWrites = () => server.writes().filter((w) => !w.endsWith("/OAuth/Token"));

const consoleArgs = {
  profile: "Economy",
  language: "EN",
  ipAddress: "192.0.2.10",
  email: "service@retailer.example",
  customDomain: "power-email-marketing.it",
  customSubdomain: "customer123",
  serviceName: "Power email marketing",
  serviceUrl: "www.power-email-marketing.it/info",
  serviceLogoutUrl: "www.power-email-marketing.it",
};

describe("mailup.Account against MailUp's documented answers", () => {
  it("activates (201 then 200), previews unchanged with no call, disables in place, refreshes, deletes twice", async () => {
    const r = accountsOf();
    const created = await r.create(consoleArgs);
    expect(created.id).toBe("9054");
    expect(created.props).toMatchObject({
      accountId: "23052",
      profileId: "1047",
      profileName: "Economy",
      status: "Enabled",
      validFrom: "2015-10-14 22:00:00Z",
      controlPanelDomain: "customer123.mailadmin.io",
    });
    expect(restWrites()).toEqual([`POST ${REST}/Account/Activation/Profile/1047/Language/EN`]);

    server.requests.length = 0;
    const same = await r.check(consoleArgs, created.props);
    expect(await r.diff(created.id, created.props, same)).toMatchObject({ changes: "none" });
    expect(server.requests).toEqual([]);

    const disabled = await r.update(created.id, created.props, { ...consoleArgs, enabled: false });
    expect(disabled).toMatchObject({ enabled: false, status: "Deactivated" });
    expect(restWrites()).toEqual([`PUT ${REST}/Account/23052`]);

    // Refresh reports what the status call carries; the address and domains it lacks are not drift.
    const refreshed = await r.read(created.id, disabled);
    expect(refreshed.inputs).toMatchObject({ enabled: false, email: consoleArgs.email, profile: "Economy" });
    expect(refreshed.props).toMatchObject({ status: "Disabled", customDomain: consoleArgs.customDomain });

    server.requests.length = 0;
    await r.delete(created.id, disabled);
    // Gone already: the documented 403 "You cannot access to provided account." counts as deleted.
    await r.delete(created.id, disabled);
    expect(restWrites()).toEqual([`DELETE ${REST}/Account/23052`, `DELETE ${REST}/Account/23052`]);
    expect((await r.read(created.id, disabled)).id).toBe("");
  });

  it("records a failed activation (403 Code 2) as unfinished with its id, and deletes it with no call", async () => {
    nextActivationFails = true;
    const r = accountsOf();
    const err = (await r.create(consoleArgs).catch((e: unknown) => e)) as HostError;
    expect(err).toBeInstanceOf(HostError);
    expect(err.message).toContain("failed: Code 2 Error");
    expect(err.message).toContain("MailUp created no account");
    expect(err.initFailure).toMatchObject({ id: "9054", properties: { activationId: "9054" } });

    server.requests.length = 0;
    await r.delete(err.initFailure!.id, err.initFailure!.properties);
    expect(restWrites()).toEqual([]);
  });

  it("records a started activation whose status answer was lost as unfinished; the next run resumes it", async () => {
    // Every attempt the request layer makes at the status read is lost.
    server.dropAfter("GET", "/Account/Activation/9054/Status", 4);
    const r = accountsOf();
    const err = (await r.create(consoleArgs).catch((e: unknown) => e)) as HostError;
    expect(err.initFailure?.id).toBe("9054");
    expect(err.message).toContain("is recorded as unfinished, and the next `pulumi up` resumes it");
    server.requests.length = 0;
    const resumed = await r.update("9054", err.initFailure!.properties, consoleArgs);
    expect(resumed).toMatchObject({ accountId: "23052" });
    expect(restWrites()).toEqual([]);
  });

  it("never starts a second activation after a lost answer, and says what to check", async () => {
    server.dropAfter("POST", "/Account/Activation/Profile/");
    const err = (await accountsOf()
      .create(consoleArgs)
      .catch((e: unknown) => e)) as HostError;
    expect(err.message).toContain("The outcome is unknown");
    expect(err.message).toContain("find customer123.power-email-marketing.it in the MailUp console");
    expect(err.message).not.toContain(SECRET);
    expect(restWrites()).toHaveLength(1);
  });

  it("switches the profile by repeating the same PUT (202, then 200); MailUp's 500 is reported, not repeated", async () => {
    accounts.set(23052, { profile: 1047, enabled: true, packs: new Map() });
    const r = accountsOf();
    const adopted = await r.create({ ...consoleArgs, adopt: "23052" });
    const premium = { ...consoleArgs, adopt: "23052", profile: "Premium" };

    switchFails = true;
    server.requests.length = 0;
    const err = (await r.update(adopted.id, adopted.props, premium).catch((e: unknown) => e)) as HostError;
    expect(err).toBeInstanceOf(HostError);
    expect(err.message).toContain("MailUp: could not switch profile to 1048 (account 23052): HTTP 500");
    expect(err.message).toContain("Account 23052 is not on profile Premium (1048)");
    expect(err.message).toContain("Running `pulumi up` again repeats the same PUT");
    expect(restWrites()).toEqual([`PUT ${REST}/Account/23052/Profile/1048`]);

    switchFails = false;
    server.requests.length = 0;
    const switched = await r.update(adopted.id, adopted.props, premium);
    expect(switched).toMatchObject({ profileId: "1048", profileName: "Premium" });
    expect(restWrites()).toEqual([
      `PUT ${REST}/Account/23052/Profile/1048`,
      `PUT ${REST}/Account/23052/Profile/1048`,
    ]);
    expect(accounts.get(23052)!.profile).toBe(1048);
  });

  it("adopts an account with no write, comparing what the status call reports", async () => {
    accounts.set(23052, { profile: 1047, enabled: true, packs: new Map() });
    const adopted = await accountsOf().create({ ...consoleArgs, adopt: "23052" });
    expect(adopted).toMatchObject({ id: "23052", props: { accountId: "23052", profileName: "Economy" } });
    expect(restWrites()).toEqual([]);
    await expect(accountsOf().create({ ...consoleArgs, profile: "Premium", adopt: "23052" })).rejects.toThrow(
      /profile: program "1048", live "1047"/,
    );
  });
});

describe("mailup.AccountPack against MailUp's documented answers", () => {
  it("sets the absolute quantity, reads it back by the packs' Id, changes it, adopts it, deletes it", async () => {
    accounts.set(23052, { profile: 1047, enabled: true, packs: new Map() });
    const r = packsOf();
    const args = { accountId: "23052", pack: "Crediti300", quantity: 3 };
    const created = await r.create(args);
    expect(created.id).toBe("23052/535");
    expect(restWrites()).toEqual([`POST ${REST}/Account/23052/Pack/535`]);

    const refreshed = await r.read(created.id, created.props);
    expect(refreshed.inputs).toMatchObject({ quantity: 3 });

    server.requests.length = 0;
    expect(await r.diff(created.id, created.props, await r.check(args, created.props))).toMatchObject({
      changes: "none",
    });
    expect(server.requests).toEqual([]);

    server.requests.length = 0;
    const raised = await r.update(created.id, created.props, { ...args, quantity: 5 });
    expect(raised).toMatchObject({ quantity: 5 });
    expect(accounts.get(23052)!.packs.get(535)).toBe(5);

    server.requests.length = 0;
    const adopted = await r.create({ ...args, quantity: 5, adopt: "23052/535" });
    expect(adopted.id).toBe("23052/535");
    expect(restWrites()).toEqual([]);

    await r.delete(created.id, raised);
    await r.delete(created.id, raised);
    expect(accounts.get(23052)!.packs.get(535)).toBe(0);
    expect((await r.read(created.id, raised)).id).toBe("");
  });

  it("says what MailUp's Code 2 means when a profile rule refuses the pack's removal", async () => {
    accounts.set(23052, { profile: 1047, enabled: true, packs: new Map() });
    const r = packsOf();
    const args = { accountId: "23052", pack: "Crediti300", quantity: 3 };
    const created = await r.create(args);
    removalRefused = true;
    const err = (await r.delete(created.id, created.props).catch((e: unknown) => e)) as HostError;
    expect(err).toBeInstanceOf(HostError);
    expect(err.message).toContain("MailUp: could not set pack 535 to 0 (account 23052): HTTP 403 Code 2");
    expect(err.message).toContain("MailUp's example: a pack related to SMS cannot be removed");
    expect(err.message).toContain("remove Crediti300 in the MailUp console");
    expect(accounts.get(23052)!.packs.get(535)).toBe(3);
  });
});
