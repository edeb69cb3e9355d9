/**
 * mailup.Account and mailup.AccountPack provider operations against the sandbox over loopback: the
 * asynchronous activation (and one slower than its timeout, resumed), the profile switch polled through
 * 202s, enable/disable, adoption, pack limits, the month-end lag, a token expiring mid-run.
 */
import {
  AdoptionMismatchError,
  OutcomeUnknownError,
  VendorConnectionError,
  VendorNotFoundError,
  VendorServerError,
} from "../../provider/core/transport/errors";
import { AccountInputs, AccountOutputs, implementation as account } from "../../provider/mailup/account";
import { forgetCatalogue } from "../../provider/mailup/catalogue";
import {
  AccountPackInputs,
  AccountPackOutputs,
  implementation as pack,
} from "../../provider/mailup/account-pack";
import {
  DEFAULT_MAILUP_CLIENT_SECRET,
  DEFAULT_MAILUP_PASSWORD,
  DEFAULT_MAILUP_USERNAME,
  Sandbox,
  startSandbox,
} from "../../sandbox/server";
import { useSandboxConfig } from "../harness/sandbox-config";

jest.setTimeout(60_000);

let sandbox: Sandbox;
let counter = 0;

function newAccount(overrides: Partial<AccountInputs> = {}): AccountInputs {
  counter += 1;
  return {
    profile: "Premium",
    language: "EN",
    ipAddress: "192.168.0.1",
    email: `service${counter}@retailer.example`,
    customDomain: "power-email-marketing.example",
    customSubdomain: `customer${counter}`,
    serviceName: "Power email marketing",
    serviceUrl: "www.power-email-marketing.example/info",
    serviceLogoutUrl: "www.power-email-marketing.example",
    enabled: true,
    activationTimeoutSeconds: 30,
    ...overrides,
  };
}

const mailupRequests = () => sandbox.requests.filter((r) => r.vendor === "mailup");

async function failure(
  promise: Promise<unknown>,
): Promise<Error & { id?: string; properties?: AccountOutputs }> {
  try {
    await promise;
  } catch (err) {
    const message = (err as Error).message;
    for (const secret of [DEFAULT_MAILUP_CLIENT_SECRET, DEFAULT_MAILUP_PASSWORD])
      expect(message).not.toContain(secret);
    return err as Error & { id?: string; properties?: AccountOutputs };
  }
  throw new Error("expected the operation to fail");
}

async function createAccount(inputs: AccountInputs): Promise<{ id: string; outs: AccountOutputs }> {
  const checked = await account.check({} as AccountInputs, { ...inputs });
  expect(checked.failures).toEqual([]);
  const result = await account.create(checked.inputs!);
  return { id: result.id, outs: result.outs! };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, mailupActivationPolls: 2 });
  useSandboxConfig(sandbox.url);
});

afterEach(() => sandbox.faults.clear());
afterAll(async () => sandbox.close());

describe("mailup.Account", () => {
  it("check reports a language the profile does not allow, naming the allowed ones (reads only)", async () => {
    sandbox.requestLog.clear();
    const result = await account.check({} as AccountInputs, {
      ...newAccount({ profile: "Trial", language: "ja" }),
    });
    expect(result.failures).toEqual([
      {
        property: "language",
        reason: expect.stringMatching(
          /"JA" is not available for profile Trial \(1046\) \(MailUp code 3\); it allows EN, IT/,
        ),
      },
    ]);
    expect(mailupRequests().every((r) => r.method === "GET" || r.path.endsWith("/Token"))).toBe(true);
  });

  it("check names bad fields before any call", async () => {
    const result = await account.check(
      {} as AccountInputs,
      { ...newAccount(), ipAddress: "999.1.1.1", email: "nope", customSubdomain: "a b" } as AccountInputs,
    );
    expect(result.failures?.map((f) => f.property).sort()).toEqual(["customSubdomain", "email", "ipAddress"]);
  });

  it("an unchanged account's check makes no call", async () => {
    const inputs = newAccount();
    sandbox.requestLog.clear();
    await account.check(inputs, { ...inputs });
    expect(mailupRequests()).toEqual([]);
  });

  it("activates, polls until done, and exposes the tracking domains", async () => {
    sandbox.requestLog.clear();
    const { id, outs } = await createAccount(newAccount());
    expect(outs.accountId).toMatch(/^\d+$/);
    expect(id).toBe(outs.activationId);
    // The account status call's word (help.mailup.com, "Get retailer's customer account status").
    expect(outs).toMatchObject({ profileName: "Premium", profileId: "1048", status: "Enabled" });
    expect(outs.linkTrackingDomain).toMatch(/\.t\.power-email-marketing\.example$/);
    const polls = mailupRequests().filter(
      (r) => r.path.includes("/Account/Activation/") && r.method === "GET",
    );
    expect(polls).toHaveLength(3); // Processing, Processing, Ok
  });

  it("records an activation slower than its timeout as unfinished, and update resumes it", async () => {
    sandbox.faults.add({
      vendor: "mailup",
      method: "GET",
      path: "/Account/Activation/",
      kind: "latency",
      latencyMs: 1500,
      times: 1,
    });
    const inputs = newAccount({ activationTimeoutSeconds: 1 });
    const err = await failure(account.create(inputs));
    expect(err.message).toMatch(/still (Processing|processing) after 1s/);
    expect(err.message).toContain("resumes waiting for it instead of activating another account");
    expect(err.id).toBe(err.properties?.activationId);
    expect(err.properties?.accountId).toBeUndefined();
    // Next up: diff sees the unfinished activation and update resumes it; no second activation.
    const olds = err.properties!;
    expect(await account.diff(err.id!, olds, inputs)).toMatchObject({ changes: true, replaces: [] });
    const activationsBefore = mailupRequests().filter(
      (r) => r.method === "POST" && r.path.includes("/Activation/"),
    ).length;
    const outs = (await account.update(err.id!, olds, { ...inputs, activationTimeoutSeconds: 30 })).outs!;
    expect(outs.accountId).toMatch(/^\d+$/);
    expect(
      mailupRequests().filter((r) => r.method === "POST" && r.path.includes("/Activation/")).length,
    ).toBe(activationsBefore);
  });

  it("explains the one-Trial rule when a second Trial activation fails", async () => {
    await createAccount(newAccount({ profile: "Trial" }));
    const inputs = newAccount({ profile: "Trial" });
    const err = await failure(account.create(inputs));
    expect(err.message).toContain("failed: Code 2");
    expect(err.message).toContain("one Trial account per ExternalUserId");
    expect(err.message).toContain("MailUp created no account");
    // Recorded (the activation was started), and its resource deletes cleanly: one status read, no delete.
    expect(err.id).toBe(err.properties?.activationId);
    sandbox.requestLog.clear();
    await account.delete(err.id!, err.properties!);
    expect(mailupRequests().map((r) => `${r.method} ${r.status}`)).toEqual(["GET 403"]);
  });

  it("records a started activation whose status cannot be read as unfinished, and the next run resumes it", async () => {
    sandbox.faults.add({ vendor: "mailup", path: "/Status", kind: "error", status: 503, times: 0 });
    const inputs = newAccount();
    const err = await failure(account.create(inputs));
    expect(err.message).toContain("HTTP 503");
    expect(err.message).toContain("is recorded as unfinished, and the next `pulumi up` resumes it");
    expect(err.id).toBe(err.properties?.activationId);
    sandbox.faults.clear();
    const outs = (await account.update(err.id!, err.properties!, inputs)).outs!;
    expect(outs.accountId).toMatch(/^\d+$/);
    expect(
      mailupRequests().filter((r) => r.method === "POST" && r.path.includes("/Activation/")),
    ).toHaveLength(1);
  });

  it("reports a subdomain already taken as MailUp's refusal, without blaming the credentials", async () => {
    const first = newAccount();
    await createAccount(first);
    const err = await failure(createAccount(newAccount({ customSubdomain: first.customSubdomain })));
    expect(err.message).toContain("HTTP 403 Code 7: Custom domain not available");
    expect(err.message).not.toContain("check the credentials");
  });

  it("sends the operator to the console when an activation's answer is lost, and again on the retry's code 7", async () => {
    const inputs = newAccount();
    const domain = `${inputs.customSubdomain}.${inputs.customDomain}`;
    sandbox.faults.add({ vendor: "mailup", path: "/Account/Activation/Profile", kind: "drop-after-write" });
    const lost = await failure(createAccount(inputs));
    expect(lost.message).toContain(`MailUp: could not start account activation (${domain})`);
    expect(lost.message).toContain("The outcome is unknown: the activation may have started");
    // MailUp has no call to find it: outcome unknown with no look, the lost write as cause.
    expect(lost).toBeInstanceOf(OutcomeUnknownError);
    expect(lost.cause).toBeInstanceOf(VendorConnectionError);
    expect((lost as OutcomeUnknownError).lookupError).toBeUndefined();
    expect(lost.message).toContain(`find ${domain} in the MailUp console`);
    // Never a second activation behind the operator's back: the retry meets the reserved domain.
    const again = await failure(createAccount(inputs));
    expect(again.message).toContain("HTTP 403 Code 7: Custom domain not available");
    expect(again.message).toContain(
      `find ${domain} in the MailUp console (the Agency/Reseller Panel's "View Accounts" lists every account); if an account holds it, set \`adopt`,
    );
  });

  it("switches the profile in place, polling through 202s", async () => {
    const inputs = newAccount({ profile: "Economy" });
    const { id, outs } = await createAccount(inputs);
    // As the engine does: check the new inputs (it resolves the new profile), then update.
    const news = (await account.check(outs, { ...inputs, profile: "Premium" })).inputs!;
    expect(news).toMatchObject({ resolvedProfileId: "1048", resolvedProfileName: "Premium" });
    sandbox.requestLog.clear();
    const updated = await account.update(id, outs, news);
    expect(updated.outs).toMatchObject({
      profileId: "1048",
      profileName: "Premium",
      accountId: outs.accountId,
    });
    const puts = mailupRequests()
      .filter((r) => r.method === "PUT")
      .map((r) => r.status);
    expect(puts).toEqual([202, 202, 200]);
    expect((await account.read(id, updated.outs!)).props).toMatchObject({
      profileId: "1048",
      profile: "Premium",
    });
  });

  it("reports MailUp's 500 for a failed switch without repeating it, and the next run switches", async () => {
    const inputs = newAccount({ profile: "Economy" });
    const { id, outs } = await createAccount(inputs);
    const news = (await account.check(outs, { ...inputs, profile: "Premium" })).inputs!;
    // help.mailup.com diffpages 36350302→36350762: "If an error occurred it returns 500".
    sandbox.faults.add({ vendor: "mailup", method: "PUT", path: "/Profile/", kind: "error", status: 500 });
    sandbox.requestLog.clear();
    const err = await failure(account.update(id, outs, news));
    expect(err).toBeInstanceOf(VendorServerError);
    expect(err.message).toContain(
      `MailUp: could not switch profile to 1048 (account ${outs.accountId}): HTTP 500`,
    );
    expect(err.message).toContain(`Account ${outs.accountId} is not on profile Premium (1048)`);
    expect(err.message).toContain("MailUp answers 500 when a profile change fails");
    expect(err.message).toContain("Running `pulumi up` again repeats the same PUT");
    // One PUT, not repeated; then one read of the account to see where it is.
    const calls = mailupRequests().map((r) => `${r.method} ${r.status}`);
    expect(calls.filter((c) => c.startsWith("PUT"))).toEqual(["PUT 500"]);
    expect(calls).toContain("GET 200");

    // The next `pulumi up` repeats the same PUT until the switch is done.
    sandbox.requestLog.clear();
    const updated = await account.update(id, outs, news);
    expect(updated.outs).toMatchObject({ profileId: "1048", profileName: "Premium" });
    expect(
      mailupRequests()
        .filter((r) => r.method === "PUT")
        .map((r) => r.status),
    ).toEqual([202, 202, 200]);
  });

  it("counts a switch that took effect as done when MailUp's answer is a 500", async () => {
    const inputs = newAccount({ profile: "Economy" });
    const { id, outs } = await createAccount(inputs);
    const news = (await account.check(outs, { ...inputs, profile: "Premium" })).inputs!;
    while (sandbox.mailup.changeProfile(DEFAULT_MAILUP_USERNAME, outs.accountId!, "1048") !== 200);
    sandbox.faults.add({ vendor: "mailup", method: "PUT", path: "/Profile/", kind: "error", status: 500 });
    const updated = await account.update(id, outs, news);
    expect(updated.outs).toMatchObject({ profileId: "1048", profileName: "Premium" });
  });

  it("disables and enables in place, and refresh sees it", async () => {
    const { id, outs } = await createAccount(newAccount());
    const disabled = (await account.update(id, outs, { ...outs, enabled: false })).outs!;
    expect(disabled.status).toBe("Deactivated");
    const read = await account.read(id, disabled);
    expect(read.inputs).toMatchObject({ enabled: false });
  });

  it("adopts a matching account and lists the differences of one that does not match", async () => {
    const { outs } = await createAccount(newAccount());
    const adopted = await account.create({ ...outs, adopt: outs.accountId });
    expect(adopted.id).toBe(outs.accountId);
    // The account status call reports the profile and the enabled flag, not the service fields.
    const err = await failure(
      account.create({
        ...outs,
        resolvedProfileId: "1047",
        resolvedProfileName: "Economy",
        adopt: outs.accountId,
      }),
    );
    expect(err).toBeInstanceOf(AdoptionMismatchError);
    expect((err as AdoptionMismatchError).differences).toEqual([
      { name: "profile", program: "1047", live: "1048" },
    ]);
    expect(err.message).toContain(`cannot adopt account ${outs.accountId}: it differs from the program`);
    expect(err.message).toContain('profile: program "1047", live "1048"');
    const unreported = await account.create({ ...outs, serviceName: "Another name", adopt: outs.accountId });
    expect(unreported.outs).toMatchObject({ serviceName: "Another name" });
  });

  it("reports a deleted account as gone and deletes idempotently", async () => {
    const { id, outs } = await createAccount(newAccount());
    await account.delete(id, outs);
    expect(await account.read(id, outs)).toEqual({});
    await account.delete(id, outs);
  });

  it("replaces when a field fixed at activation changes, freeing the domains first", async () => {
    const inputs = newAccount();
    const outs = {
      ...inputs,
      accountId: "1",
      profileId: "1048",
      profileName: "Premium",
      status: "Active",
    } as AccountOutputs;
    expect(await account.diff("9", outs, { ...inputs, email: "other@retailer.example" })).toEqual({
      changes: true,
      replaces: ["email"],
      updates: [],
      deleteBeforeReplace: true,
    });
    expect(await account.diff("9", outs, { ...inputs, ipAddress: "10.0.0.1" })).toEqual({
      changes: false,
      replaces: [],
      updates: [],
      deleteBeforeReplace: false,
    });
  });

  it("imports an account by its account id with reads only; the fields no read returns are taken as the program gives them", async () => {
    const created = await createAccount(newAccount({ enabled: false }));
    const accountId = created.outs.accountId!;
    sandbox.requestLog.clear();
    const imported = await account.read(accountId, undefined);
    expect(mailupRequests().filter((r) => r.method !== "GET" && !r.path.endsWith("/Token"))).toEqual([]);
    expect(imported.id).toBe(accountId);
    expect(imported.inputs).toEqual({ profile: "Premium", enabled: false });
    expect(imported.props).toMatchObject({ accountId, profileId: "1048", profileName: "Premium" });
    // The program gives the fields the account status call does not carry: nothing to change.
    const program = { ...newAccount(), enabled: false };
    const checked = await account.check(imported.inputs!, program);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({ replacing: [] });
    expect(await account.diff(accountId, imported.props!, checked.inputs!)).toMatchObject({
      changes: false,
      replaces: [],
    });
    // Once recorded, a change of one of them replaces the account as for any other.
    const recorded = { ...imported.props!, ...checked.inputs! };
    const moved = { ...checked.inputs!, customDomain: "elsewhere.example" };
    expect(await account.diff(accountId, recorded, moved)).toMatchObject({ replaces: ["customDomain"] });
  });

  it("refuses to import an id that is not an account id, and reports an unknown account as gone", async () => {
    sandbox.requestLog.clear();
    const err = await failure(account.read("news.customer.example", undefined));
    expect(err.message).toContain("its id is the MailUp account id (digits)");
    expect(mailupRequests()).toEqual([]);
    expect(await account.read("999999", undefined)).toEqual({});
  });

  it("gets a new token when the current one expires mid-run", async () => {
    const { id, outs } = await createAccount(newAccount());
    sandbox.mailup.expireTokens();
    sandbox.requestLog.clear();
    const read = await account.read(id, outs);
    expect(read.id).toBe(id);
    const statuses = mailupRequests().map((r) => `${r.method} ${r.status}`);
    expect(statuses[0]).toBe("GET 401");
    expect(statuses).toContain("POST 200"); // the token endpoint
  });
});

describe("mailup.AccountPack", () => {
  let owner: AccountOutputs;
  beforeAll(async () => {
    owner = (await createAccount(newAccount({ profile: "Economy" }))).outs;
  });

  async function createPack(inputs: AccountPackInputs): Promise<{ id: string; outs: AccountPackOutputs }> {
    const result = await pack.create(inputs);
    return { id: result.id, outs: result.outs! };
  }

  it("lets an account id with no value through check (a failed account's dependent), and refuses to apply it", async () => {
    const news = { pack: "Crediti300", quantity: 1 } as AccountPackInputs; // accountId left out
    const result = await pack.check({} as AccountPackInputs, news);
    expect(result.failures).toEqual([]);
    await expect(pack.create(result.inputs!)).rejects.toThrow(
      "MailUp: cannot set pack Crediti300: accountId has no value",
    );
  });

  it("check defers what it cannot read while MailUp is unavailable to the change itself", async () => {
    sandbox.faults.add({ vendor: "mailup", method: "GET", kind: "error", status: 503, times: 0 });
    try {
      const result = await pack.check({} as AccountPackInputs, {
        accountId: owner.accountId!,
        pack: "Crediti300",
        quantity: 2,
      });
      expect(result.failures).toEqual([]);
      expect(result.inputs).not.toHaveProperty("resolvedPackId");
      forgetCatalogue(); // as in a new provider process, where check reads the catalogue first
      const fresh = newAccount({ profile: "Economy" });
      const accountCheck = await account.check({} as AccountInputs, { ...fresh });
      expect(accountCheck.failures).toEqual([]);
      expect(accountCheck.inputs).not.toHaveProperty("resolvedProfileId");
    } finally {
      sandbox.faults.clear();
    }
  });

  it("check names the limits of the account's profile", async () => {
    const result = await pack.check({} as AccountPackInputs, {
      accountId: owner.accountId!,
      pack: "VelocitaAggiuntiva300",
      quantity: 9,
    });
    expect(result.failures).toEqual([
      {
        property: "quantity",
        reason: expect.stringContaining(
          "9 is outside VelocitaAggiuntiva300's limits for Economy (1047): 1 to 5",
        ),
      },
    ]);
    const unknown = await pack.check({} as AccountPackInputs, {
      accountId: owner.accountId!,
      pack: "Nope",
      quantity: 1,
    });
    expect(unknown.failures?.[0]).toMatchObject({
      property: "pack",
      reason: expect.stringContaining("Crediti300 (535, 1-65535)"),
    });
  });

  it("sets absolute quantities: create, raise, repeat, cut with the month-end lag, delete", async () => {
    const { id, outs } = await createPack({ accountId: owner.accountId!, pack: "Crediti300", quantity: 3 });
    expect(id).toBe(`${owner.accountId}/535`);
    expect(outs).toMatchObject({ packId: "535", quantity: 3, currentQuantity: 3 });

    const raised = (await pack.update(id, outs, { ...outs, quantity: 5 })).outs!;
    const again = (await pack.update(id, raised, { ...raised, quantity: 5 })).outs!;
    expect((await pack.read(id, again)).props).toMatchObject({ quantity: 5, currentQuantity: 5 });

    const cut = (await pack.update(id, again, { ...again, quantity: 2 })).outs!;
    const beforeMonthEnd = await pack.read(id, cut);
    expect(beforeMonthEnd.props).toMatchObject({ quantity: 2, currentQuantity: 5 });
    expect(beforeMonthEnd.inputs).toMatchObject({
      accountId: owner.accountId,
      pack: "Crediti300",
      quantity: 2,
    }); // no drift
    await fetch(`${sandbox.url}/__sandbox/mailup/month-end`, { method: "POST" });
    expect((await pack.read(id, cut)).props).toMatchObject({ quantity: 2, currentQuantity: 2 });

    await pack.delete(id, cut);
    await fetch(`${sandbox.url}/__sandbox/mailup/month-end`, { method: "POST" });
    expect(await pack.read(id, cut)).toEqual({});
  });

  it("adopts a pack the account has with no write, and lists the differences of one that does not match", async () => {
    const holder = (await createAccount(newAccount({ profile: "Economy" }))).outs;
    await createPack({ accountId: holder.accountId!, pack: "Crediti300", quantity: 4 });
    const adopt = `${holder.accountId}/535`;
    sandbox.requestLog.clear();
    const adopted = await pack.create({
      accountId: holder.accountId!,
      pack: "Crediti300",
      quantity: 4,
      adopt,
    });
    expect(adopted).toMatchObject({ id: adopt, outs: { packId: "535", quantity: 4, currentQuantity: 4 } });
    expect(mailupRequests().filter((r) => r.method !== "GET" && !r.path.endsWith("/Token"))).toEqual([]);

    const err = await failure(
      pack.create({ accountId: holder.accountId!, pack: "Crediti300", quantity: 2, adopt }),
    );
    expect(err).toBeInstanceOf(AdoptionMismatchError);
    expect(err).toMatchObject({ vendor: "mailup", resource: `pack ${adopt}` });
    expect(err.message).toContain(`MailUp: cannot adopt pack ${adopt}: it differs from the program`);
    expect(err.message).toContain("quantity: program 2, live 4");
    const missing = await failure(
      pack.create({
        accountId: holder.accountId!,
        pack: "534",
        quantity: 1,
        adopt: `${holder.accountId}/534`,
      }),
    );
    expect(missing.message).toContain(`account ${holder.accountId} has no pack 534`);
    // An account that does not exist: MailUp's not-found keeps its class, the advice added.
    const gone = await failure(
      pack.create({
        accountId: "999999",
        pack: "535",
        quantity: 1,
        resolvedPackId: "535",
        resolvedPackName: "Crediti300",
        adopt: "999999/535",
      }),
    );
    expect(gone).toBeInstanceOf(VendorNotFoundError);
    expect(gone.cause).toBeInstanceOf(VendorNotFoundError);
    expect(gone.message).toContain("Cannot adopt pack 999999/535: account 999999 does not exist");
  });

  it("imports a pack by ACCOUNT_ID/PACK_ID with reads only, and refuses one at quantity 0 as adopting does", async () => {
    const holder = (await createAccount(newAccount({ profile: "Economy" }))).outs;
    const { id, outs } = await createPack({ accountId: holder.accountId!, pack: "Crediti300", quantity: 4 });
    sandbox.requestLog.clear();
    const imported = await pack.read(id, undefined);
    expect(mailupRequests().filter((r) => r.method !== "GET" && !r.path.endsWith("/Token"))).toEqual([]);
    expect(imported).toEqual({
      id,
      props: {
        accountId: holder.accountId,
        pack: "535",
        quantity: 4,
        packId: "535",
        packName: "Crediti300",
        currentQuantity: 4,
      },
      inputs: { accountId: holder.accountId, pack: "535", quantity: 4 },
    });
    expect(await pack.diff(id, imported.props!, imported.inputs!)).toMatchObject({ changes: false });
    expect((await failure(pack.read(`${holder.accountId}`, undefined))).message).toContain(
      'its id is "ACCOUNT_ID/PACK_ID"',
    );
    expect(await pack.read(`${holder.accountId}/534`, undefined)).toEqual({});
    await pack.delete(id, outs);
    // Until month end MailUp lists it at 0: a removal under way, nothing to import.
    expect((await failure(pack.read(id, undefined))).message).toContain(
      `cannot import pack ${id}: account ${holder.accountId} has it at quantity 0`,
    );
  });

  it("turns MailUp's code 1 into the limits of the pack", async () => {
    const err = await failure(createPack({ accountId: owner.accountId!, pack: "534", quantity: 8 }));
    expect(err.message).toContain("Code 1");
    expect(err.message).toContain("VelocitaAggiuntiva300 allows 1 to 5 on this account's profile");
  });

  it("turns MailUp's code 2 (profile rules) into the packs the account's profile offers", async () => {
    const moved = (await createAccount(newAccount({ profile: "Economy" }))).outs;
    // The account moves to Trial, which offers Crediti300 only (as a switch made in the console would).
    while (sandbox.mailup.changeProfile(DEFAULT_MAILUP_USERNAME, moved.accountId!, "1046") !== 200);
    const err = await failure(
      createPack({
        accountId: moved.accountId!,
        pack: "VelocitaAggiuntiva300",
        quantity: 1,
        resolvedPackId: "534",
        resolvedPackName: "VelocitaAggiuntiva300",
      }),
    );
    expect(err.message).toContain("HTTP 403 Code 2: Profile rules error");
    expect(err.message).toContain(`account ${moved.accountId}`);
    expect(err.message).toContain("this account's profile allows Crediti300 (535, 1-65535)");
  });
});
