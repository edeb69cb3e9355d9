/**
 * resellerclub.MailUser, resellerclub.ForwardOnlyAccount and the lookups against the sandbox over
 * loopback, including the API key never showing in any error when the sandbox fails or drops the
 * connection (the key travels as a request parameter).
 */
import {
  AdoptionMismatchError,
  OutcomeUnknownError,
  VendorConnectionError,
  VendorServerError,
  VendorValidationError,
} from "../../provider/core/transport/errors";
import { resellerclub } from "../../provider";
import {
  ForwardOnlyAccountInputs,
  ForwardOnlyAccountOutputs,
  implementation as forwards,
} from "../../provider/resellerclub/forward-only-account";
import {
  MailUserInputs,
  MailUserOutputs,
  implementation as users,
} from "../../provider/resellerclub/mail-user";
import { DEFAULT_RESELLERCLUB_API_KEY, Sandbox, startSandbox } from "../../sandbox/server";
import { sandboxEnv, useSandboxConfig } from "../harness/sandbox-config";

jest.setTimeout(30_000);

let sandbox: Sandbox;
let counter = 0;
const saved = { ...process.env };

function newUser(overrides: Partial<MailUserInputs> = {}): MailUserInputs {
  counter += 1;
  return {
    orderId: "1001",
    email: `user${counter}@customer.example`,
    password: "mailbox-password-1",
    notificationEmail: "admin@elsewhere.example",
    firstName: "Ada",
    lastName: "Lovelace",
    countryCode: "GB",
    languageCode: "en",
    ...overrides,
  };
}

async function checked<T>(
  impl: { check: (o: T, n: T) => Promise<{ inputs?: T; failures?: unknown[] }> },
  news: object,
) {
  const result = await impl.check({} as T, news as T);
  expect(result.failures).toEqual([]);
  return result.inputs!;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    const message = (err as Error).message;
    expect(message).not.toContain(DEFAULT_RESELLERCLUB_API_KEY);
    expect(message).not.toContain("mailbox-password");
    return err as Error;
  }
  throw new Error("expected the operation to fail");
}

const rcRequests = () => sandbox.requests.filter((r) => r.vendor === "resellerclub");

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  useSandboxConfig(sandbox.url);
  Object.assign(process.env, sandboxEnv(sandbox.url));
});
afterEach(() => sandbox.faults.clear());
afterAll(async () => {
  process.env = saved;
  await sandbox.close();
});

describe("resellerclub.MailUser", () => {
  it("creates with one call, reads back, updates names and password in place, deletes idempotently", async () => {
    const inputs = await checked<MailUserInputs>(
      users,
      newUser({ email: `Mixed${counter + 1}@Customer.Example` }),
    );
    expect(inputs.email).toMatch(/^mixed\d+@customer\.example$/);
    sandbox.requestLog.clear();
    const { id, outs } = await users.create(inputs);
    expect(rcRequests()).toHaveLength(1);
    expect(id).toBe(`1001/${inputs.email}`);

    const read = await users.read(id, outs as MailUserOutputs);
    expect(read.inputs).toMatchObject({
      firstName: "Ada",
      countryCode: "GB",
      languageCode: "en",
      password: inputs.password,
    });

    sandbox.requestLog.clear();
    const news = { ...inputs, lastName: "Byron", password: "mailbox-password-2" };
    await users.update(id, outs as MailUserOutputs, news);
    expect(rcRequests().map((r) => r.path)).toEqual([
      "/resellerclub/api/mail/user/modify.json",
      "/resellerclub/api/mail/user/change-password.json",
    ]);
    expect((await users.read(id, { ...news })).inputs).toMatchObject({ lastName: "Byron" });

    await users.delete(id, news);
    expect(await users.read(id, news)).toEqual({});
    await users.delete(id, news);
  });

  it("replaces on an email change, deleting first; updates names in place", async () => {
    const user = newUser();
    expect(await users.diff("x", user, { ...user, email: "other@customer.example" })).toEqual({
      changes: true,
      replaces: ["email"],
      updates: [],
      deleteBeforeReplace: true,
    });
    expect(await users.diff("x", user, { ...user, firstName: "Grace" })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(await users.diff("x", user, { ...user })).toMatchObject({ changes: false });
  });

  it("reports vendor validation errors that arrive with HTTP 200", async () => {
    const err = await failure(users.create(newUser({ email: "someone@wrong-domain.example" })));
    expect(err.message).toMatch(
      /^ResellerClub: could not add mail user \(someone@wrong-domain\.example on order 1001\): HTTP 200 invalid_parameter: /,
    );
    expect(err.message).toContain("customer.example");
  });

  it("names the order whose free email is not activated, sends the add once, and never calls it unknown", async () => {
    const user = newUser();
    const { id, outs } = await users.create(await checked(users, user));
    sandbox.resellerclub.setFreeMailActivated(1001, false);
    try {
      sandbox.requestLog.clear();
      const err = await failure(users.create(await checked(users, newUser())));
      expect(err).toBeInstanceOf(VendorValidationError);
      expect(err.message).toContain(
        "HTTP 500 ERROR: You need to activate your FREE Email Services before you can perform this action",
      );
      expect(err.message).toContain("The free email service of order 1001 is not activated");
      expect(err.message).not.toContain("The outcome is unknown");
      expect(rcRequests().map((r) => r.path.split("/").pop())).toEqual(["add.json"]);

      const read = await failure(users.read(id, outs!));
      expect(read.message).toMatch(/^ResellerClub: could not look up mail user \(.* on order 1001, page 1\)/);
      expect(read.message).toContain("The free email service of order 1001 is not activated");
    } finally {
      sandbox.resellerclub.setFreeMailActivated(1001, true);
    }
  });

  it("takes over a matching mailbox that holds the address, explains one that differs, and adopts", async () => {
    const user = newUser();
    await users.create(user);
    // What a killed run leaves: the same address and program; the password is proven by changing it to itself.
    const again = await users.create({ ...user });
    expect(again.id).toBe(`1001/${user.email}`);
    const wrongPassword = await failure(users.create({ ...user, password: "not-the-password-9" }));
    expect(wrongPassword.message).toContain("matches the program in everything the vendor reports");
    expect(wrongPassword.message).toContain(`adopt: "1001/${user.email}"`);
    const err = await failure(users.create({ ...user, lastName: "Byron" }));
    // The recorded refusal: "Email address is already registered with us".
    expect(err.message).toContain("emailaddress_unique_key_voilation");
    expect(err.message).toContain('lastName: program "Byron", live "Lovelace"');
    expect(err.message).toContain(`adopt: "1001/${user.email}"`);
    const adopted = await users.create({ ...user, adopt: `1001/${user.email}` });
    expect(adopted.id).toBe(`1001/${user.email}`);
    const mismatch = await failure(
      users.create({ ...user, firstName: "Someone", adopt: `1001/${user.email}` }),
    );
    expect(mismatch).toBeInstanceOf(AdoptionMismatchError);
    expect((mismatch as AdoptionMismatchError).differences).toEqual([
      { name: "firstName", program: "Someone", live: "Ada" },
    ]);
    expect(mismatch.message).toContain('firstName: program "Someone", live "Ada"');
  });

  it("never resends an add whose connection dropped, and finds the mailbox it created", async () => {
    const user = newUser();
    sandbox.faults.add({
      vendor: "resellerclub",
      method: "POST",
      path: "/mail/user/add.json",
      kind: "drop-after-write",
    });
    sandbox.requestLog.clear();
    const { id } = await users.create(user);
    expect(id).toBe(`1001/${user.email}`);
    expect(rcRequests().filter((r) => r.path.endsWith("/add.json"))).toHaveLength(1);
  });

  it("says nothing was created only after a search read to its end, and that the outcome is unknown when it failed", async () => {
    const absent = newUser();
    sandbox.faults.add({ vendor: "resellerclub", path: "/mail/user/add.json", kind: "error", status: 503 });
    const notCreated = await failure(users.create(absent));
    expect(notCreated.message).toContain(
      `${absent.email} is not on order 1001 (mail/users/search read to its end), so nothing was created`,
    );
    expect(notCreated).toBeInstanceOf(VendorServerError);

    const unsure = newUser();
    sandbox.faults.add({ vendor: "resellerclub", path: "/mail/user/add.json", kind: "drop-after-write" });
    sandbox.faults.add({
      vendor: "resellerclub",
      path: "/mail/users/search.json",
      kind: "error",
      status: 503,
      times: 0,
    });
    const unknown = await failure(users.create(unsure));
    expect(unknown.message).toContain("The outcome is unknown");
    expect(unknown.message).toContain(`adopt: "1001/${unsure.email}"`);
    expect(unknown.message).not.toContain("safe to run");
    // Its own class, the lost write as its cause, the failed search as its lookupError.
    expect(unknown).toBeInstanceOf(OutcomeUnknownError);
    expect(unknown.name).toBe("OutcomeUnknownError");
    expect(unknown.cause).toBeInstanceOf(VendorConnectionError);
    expect((unknown as OutcomeUnknownError).lookupError).toBeInstanceOf(VendorServerError);
  });

  it("keeps the key out of every error when the sandbox answers 500 or drops the connection", async () => {
    sandbox.faults.add({ vendor: "resellerclub", kind: "error", status: 500, times: 0 });
    const e500 = await failure(users.read("1001/nobody@customer.example", newUser()));
    expect(e500.message).toContain("HTTP 500");
    sandbox.faults.clear();
    sandbox.faults.add({ vendor: "resellerclub", kind: "drop", times: 0 });
    const dropped = await failure(users.delete("1001/nobody@customer.example", newUser()));
    expect(dropped.message).toContain("could not delete mail user");
    expect(JSON.stringify(dropped)).not.toContain(DEFAULT_RESELLERCLUB_API_KEY);
  });
});

describe("resellerclub.ForwardOnlyAccount", () => {
  it("treats forwards as a set: order and duplicates make no change; an empty list fails check", async () => {
    const a = await checked<ForwardOnlyAccountInputs>(forwards, {
      orderId: "1001",
      email: "sales@customer.example",
      forwards: ["b@x.example", "A@x.example", "b@x.example"],
    });
    expect(a.forwards).toEqual(["a@x.example", "b@x.example"]);
    const b = await checked<ForwardOnlyAccountInputs>(forwards, {
      ...a,
      forwards: ["b@x.example", "a@x.example"],
    });
    expect(await forwards.diff("x", a, b)).toMatchObject({ changes: false });
    const empty = await forwards.check(
      {} as ForwardOnlyAccountInputs,
      { ...a, forwards: [] } as ForwardOnlyAccountInputs,
    );
    expect(empty.failures).toEqual([
      { property: "forwards", reason: expect.stringContaining("at least one address") },
    ]);
  });

  /** A forward-only account to one@x.example, and the change to two@x.example a test applies to it. */
  async function forwarder(email: string) {
    const inputs = await checked<ForwardOnlyAccountInputs>(forwards, {
      orderId: "1001",
      email,
      forwards: ["one@x.example"],
    });
    const created = await forwards.create(inputs);
    return {
      id: created.id,
      outs: created.outs as ForwardOnlyAccountOutputs,
      news: { ...inputs, forwards: ["two@x.example"] },
    };
  }
  const rcCalls = () => rcRequests().map((r) => r.path.split("/").pop());

  it("creates, changes forwards in place (added before removed), reads back, deletes", async () => {
    const { id, outs, news } = await forwarder("info@customer.example");
    sandbox.requestLog.clear();
    await forwards.update(id, outs, news);
    expect(rcCalls()).toEqual(["search.json", "add-admin-forwards.json", "delete-admin-forwards.json"]);
    expect((await forwards.read(id, news)).inputs).toMatchObject({ forwards: ["two@x.example"] });
    await forwards.delete(id, news);
    expect(await forwards.read(id, news)).toEqual({});
  });

  it("confirms a forwards change whose answer was lost by reading the account, never resending it", async () => {
    const { id, outs, news } = await forwarder("lost@customer.example");
    sandbox.faults.add({ vendor: "resellerclub", path: "add-admin-forwards", kind: "drop-after-write" });
    sandbox.requestLog.clear();
    await forwards.update(id, outs, news);
    expect(rcCalls()).toEqual([
      "search.json",
      "add-admin-forwards.json",
      "search.json",
      "delete-admin-forwards.json",
    ]);
    expect((await forwards.read(id, news)).inputs).toMatchObject({ forwards: ["two@x.example"] });
  });

  it("takes the forwards to change from the live list, so a half-applied change converges", async () => {
    const { id, outs, news } = await forwarder("half@customer.example");
    // The add goes through; the delete is refused before it is applied.
    sandbox.faults.add({ vendor: "resellerclub", path: "delete-admin-forwards", kind: "error", status: 503 });
    await expect(forwards.update(id, outs, news)).rejects.toThrow(
      /could not delete forwards \(half@customer.example on order 1001\): HTTP 503.*one@x.example is still among the forwards, so nothing was deleted/,
    );
    // The next run starts again from the old state: only the delete is left to do.
    sandbox.requestLog.clear();
    await forwards.update(id, outs, news);
    expect(rcCalls()).toEqual(["search.json", "delete-admin-forwards.json"]);
    expect((await forwards.read(id, news)).inputs).toMatchObject({ forwards: ["two@x.example"] });
  });

  it("says the account is gone when an update finds no such address", async () => {
    const { id, outs, news } = await forwarder("gone@customer.example");
    await forwards.delete(id, outs);
    await expect(forwards.update(id, outs, news)).rejects.toThrow(/no longer exists.*pulumi refresh/);
  });
});

describe("import (pulumi import: read with the id alone)", () => {
  const writes = () => rcRequests().filter((r) => !r.path.endsWith("/search.json"));

  it("reads a mailbox by ORDER_ID/EMAIL (any case) without its password, then takes the program's as it is", async () => {
    const inputs = await checked<MailUserInputs>(users, newUser());
    const { id } = await users.create(inputs);
    sandbox.requestLog.clear();
    const imported = await users.read(id.toUpperCase(), undefined);
    expect(writes()).toEqual([]);
    expect(imported.id).toBe(id);
    expect(imported.inputs).toEqual({
      orderId: "1001",
      email: inputs.email,
      notificationEmail: "admin@elsewhere.example",
      firstName: "Ada",
      lastName: "Lovelace",
      countryCode: "GB",
      languageCode: "en",
    });
    expect(imported.props).toMatchObject({ status: "active" });
    const declared = { ...imported.inputs!, password: "declared-after-import" };
    expect(await users.diff(id, imported.props!, declared)).toMatchObject({ changes: false });
    // Once the state records it, a new password is changed in place, the recorded one as the old.
    const recorded = { ...imported.props!, password: "declared-after-import" };
    const rotated = { ...declared, password: "rotated-password" };
    expect(await users.diff(id, recorded, rotated)).toMatchObject({ changes: true, replaces: [] });
  });

  it("refuses each kind of account as the other, and an id that is not ORDER_ID/EMAIL", async () => {
    const mailbox = await users.create(await checked<MailUserInputs>(users, newUser()));
    const forwarding = await forwards.create(
      await checked<ForwardOnlyAccountInputs>(forwards, {
        orderId: "1001",
        email: "imported-forward@customer.example",
        forwards: ["one@x.example", "Two@x.example"],
      }),
    );
    expect((await forwards.read(forwarding.id, undefined)).inputs).toEqual({
      orderId: "1001",
      email: "imported-forward@customer.example",
      forwards: ["one@x.example", "two@x.example"],
    });
    expect((await failure(forwards.read(mailbox.id, undefined))).message).toContain(
      `cannot import ${mailbox.id} as a resellerclub.ForwardOnlyAccount: it is a mailbox. Import it as a ` +
        "resellerclub.MailUser (`mailreseller:resellerclub:MailUser`)",
    );
    expect((await failure(users.read(forwarding.id, undefined))).message).toContain(
      "it is a forward-only account. Import it as a resellerclub.ForwardOnlyAccount",
    );
    sandbox.requestLog.clear();
    expect((await failure(users.read("office@customer.example", undefined))).message).toContain(
      'its id is "ORDER_ID/EMAIL"',
    );
    expect(rcRequests()).toEqual([]);
    expect(await users.read("1001/nobody@customer.example", undefined)).toEqual({});
  });
});

describe("lookups", () => {
  it("gets a customer, the pricing map and every transaction page", async () => {
    expect(await resellerclub.getCustomer("15550001")).toMatchObject({ customerid: "15550001" });
    const pricing = await resellerclub.getResellerPricing();
    expect(pricing.hosting.email_plan["0"].limits.no_of_mail_accounts).toBe("unlimited");
    sandbox.requestLog.clear();
    const all = await resellerclub.searchTransactions({ pageSize: 10 });
    expect(all).toHaveLength(25);
    expect(rcRequests()).toHaveLength(3);
    expect(all[0]).toHaveProperty("transid");
    expect(await resellerclub.searchTransactions({ archived: true, pageSize: 10 })).toHaveLength(7);
  });
});
