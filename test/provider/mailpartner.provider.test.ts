/**
 * mailpartner.Subaccount against the sandbox over loopback: both types, the parent's balance charged once
 * (and not at all on failure or adoption), every create error as an operator message, a lost answer never
 * resent, the duplicate-address path to `adopt`, refresh through the paged list, and delete making no call
 * but saying the sub-account still exists. Neither the API key nor a token appears in any message.
 */
import axios from "axios";

import {
  AdoptionMismatchError,
  OutcomeUnknownError,
  VendorAuthError,
  VendorConnectionError,
  VendorInsufficientFundsError,
  VendorServerError,
} from "../../provider/core/transport/errors";
import { SubaccountInputs, SubaccountOutputs, implementation } from "../../provider/mailpartner/subaccount";
import { DEFAULT_MAILPARTNER_API_KEY, MAILPARTNER_PREFIX, Sandbox, startSandbox } from "../../sandbox/server";
import { useSandboxConfig } from "../harness/sandbox-config";

jest.setTimeout(30_000);

const BALANCE = 100;
let sandbox: Sandbox;

async function checked(news: object): Promise<SubaccountInputs> {
  const result = await implementation.check({} as SubaccountInputs, news as SubaccountInputs);
  expect(result.failures).toEqual([]);
  return result.inputs!;
}

/** create, with the outputs a successful create always returns. */
async function created(inputs: SubaccountInputs): Promise<{ id: string; outs: SubaccountOutputs }> {
  const result = await implementation.create(inputs);
  return { id: result.id, outs: result.outs! };
}

/** Runs `fn` with stderr captured: outside the dynamic-provider host, warnings go there. */
async function capturingStderr<T>(fn: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  const spy = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    const value = await fn();
    return { value, stderr: spy.mock.calls.map((c) => String(c[0])).join("") };
  } finally {
    spy.mockRestore();
  }
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    const message = (err as Error).message;
    expect(message).not.toContain(DEFAULT_MAILPARTNER_API_KEY);
    return err as Error;
  }
  throw new Error("expected the operation to fail");
}

const creates = () =>
  sandbox.requests.filter((r) => r.vendor === "mailpartner" && r.path.endsWith("/subaccount/create"));
const writes = () => sandbox.requests.filter((r) => r.vendor === "mailpartner" && r.method !== "GET");

function useApiKey(apiKey: string): void {
  useSandboxConfig(sandbox.url, { "mailreseller:mailpartnerApiKey": apiKey });
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, mailpartnerBalance: BALANCE });
  useApiKey(DEFAULT_MAILPARTNER_API_KEY);
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
  useApiKey(DEFAULT_MAILPARTNER_API_KEY);
});

describe("create", () => {
  it("creates an advanced sub-account, charging creditToAttribute once; the id is the address", async () => {
    const inputs = await checked({
      type: "advanced",
      email: "Shop@Customer.example",
      isBuyer: true,
      creditToAttribute: 12.34,
      title: "Shop",
      firstName: "Camille",
      lastName: "Durand",
    });
    const { id, outs } = await created(inputs);
    expect(id).toBe("shop@customer.example");
    expect(outs).toMatchObject({
      type: "advanced",
      email: "shop@customer.example",
      emailGenerated: false,
      creditAttributed: 12.34,
      sendConfirmMailTo: "shop@customer.example",
    });
    expect(outs.token).toMatch(/\S{8,}/);
    expect(outs.parentEmail).toBeTruthy();
    expect(sandbox.mailpartner.balance).toBeCloseTo(BALANCE - 12.34, 2);
    expect(creates()).toHaveLength(1);
    expect(sandbox.mailpartner.subaccounts()).toEqual([
      expect.objectContaining({ email: "shop@customer.example", type: "advanced", title: "Shop" }),
    ]);
  });

  it("creates a simple sub-account without an address: MailPartner generates it", async () => {
    const { id, outs } = await created(await checked({ type: "simple", allowWithoutEmail: true }));
    expect(outs.emailGenerated).toBe(true);
    expect(outs.email).toBe(id);
    expect(id).toMatch(/@/);
    expect(outs.creditAttributed).toBe(0);
    expect(sandbox.mailpartner.balance).toBe(BALANCE);
  });

  it("fails with the balance code when the parent cannot cover the credit; nothing created or charged", async () => {
    const err = await failure(
      implementation.create(
        await checked({ type: "simple", allowWithoutEmail: true, creditToAttribute: BALANCE + 1 }),
      ),
    );
    expect(err).toBeInstanceOf(VendorInsufficientFundsError);
    expect(err.message).toContain("MailPartner: could not create simple sub-account");
    expect(err.message).toContain("9: the parent account's balance cannot cover creditToAttribute");
    expect(err.message).toContain('"La balance doit être supérieure à 0"');
    expect(sandbox.mailpartner.subaccounts()).toEqual([]);
    expect(sandbox.mailpartner.balance).toBe(BALANCE);
  });

  it("names the wrong API key without repeating it", async () => {
    useApiKey("not-the-right-key");
    const err = await failure(
      implementation.create(await checked({ type: "simple", allowWithoutEmail: true })),
    );
    expect(err.message).toContain('10: the API key is wrong ("Clé API incorrecte")');
    expect(err.message).not.toContain("not-the-right-key");
    // Code 10 is wrong credentials whatever the HTTP status, with where they are set.
    expect(err).toBeInstanceOf(VendorAuthError);
    expect(err.message).toContain("check the credentials in the stack config");
  });

  it("takes over the sub-account that holds the address (code 7) when its type matches, else says how to adopt", async () => {
    const inputs = await checked({ type: "advanced", email: "dup@customer.example", isBuyer: false });
    await implementation.create(inputs);
    const again = await implementation.create(inputs);
    expect(again.id).toBe("dup@customer.example");
    expect(sandbox.mailpartner.subaccounts()).toHaveLength(1);
    const simple = await checked({ type: "simple", email: "dup@customer.example" });
    const err = await failure(implementation.create(simple));
    expect(err.message).toContain(
      '7: an account already exists with this email ("Un compte existe déjà avec cet email")',
    );
    expect(err.message).toContain('type: program "simple", live "advanced"');
    expect(err.message).toContain('set `adopt: "dup@customer.example"`');
    expect(sandbox.mailpartner.subaccounts()).toHaveLength(1);
  });
});

describe("a lost answer is never resent", () => {
  it("says the sub-account now exists and how to adopt it; adopting then writes nothing", async () => {
    sandbox.faults.add({ vendor: "mailpartner", path: "/subaccount/create", kind: "drop-after-write" });
    const inputs = await checked({
      type: "advanced",
      email: "lost@customer.example",
      isBuyer: false,
      creditToAttribute: 20,
    });
    const err = await failure(implementation.create(inputs));
    expect(err.message).toContain("lost@customer.example now exists at MailPartner");
    expect(err.message).toContain("with 20 EUR from the parent account's balance");
    expect(err.message).toContain('set `adopt: "lost@customer.example"`');
    expect(creates()).toHaveLength(1);
    expect(sandbox.mailpartner.balance).toBe(BALANCE - 20);

    sandbox.requestLog.clear();
    const adopted = await created({ ...inputs, adopt: "lost@customer.example" });
    expect(adopted.id).toBe("lost@customer.example");
    expect(adopted.outs).toMatchObject({ creditAttributed: 0, emailGenerated: false });
    expect(adopted.outs.token).toBeTruthy();
    expect(writes()).toEqual([]);
    expect(sandbox.mailpartner.balance).toBe(BALANCE - 20);
  });

  it("says nothing was created when the vendor failed before applying it", async () => {
    sandbox.faults.add({ vendor: "mailpartner", path: "/subaccount/create", kind: "error", status: 503 });
    const err = await failure(
      implementation.create(
        await checked({ type: "advanced", email: "later@customer.example", isBuyer: true }),
      ),
    );
    expect(err.message).toContain("HTTP 503");
    expect(err.message).toContain(
      "later@customer.example is not in MailPartner's sub-account list (every page read), so nothing was created",
    );
    expect(err).toBeInstanceOf(VendorServerError);
    expect(creates()).toHaveLength(1);
  });

  it("says the outcome is unknown, never that it is safe, when the list cannot be read either", async () => {
    sandbox.faults.add({ vendor: "mailpartner", path: "/subaccount/create", kind: "drop-after-write" });
    sandbox.faults.add({
      vendor: "mailpartner",
      path: "/subaccount/list",
      kind: "error",
      status: 503,
      times: 0,
    });
    const err = await failure(
      implementation.create(
        await checked({ type: "advanced", email: "unsure@customer.example", isBuyer: true }),
      ),
    );
    expect(err.message).toContain("The outcome is unknown");
    expect(err.message).toContain('set `adopt: "unsure@customer.example"`');
    expect(err.message).not.toContain("safe to run");
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect(err.cause).toBeInstanceOf(VendorConnectionError);
    expect((err as OutcomeUnknownError).lookupError).toBeInstanceOf(VendorServerError);
    expect(creates()).toHaveLength(1);
  });

  it("cannot look up a generated address, and says to check the dashboard first", async () => {
    sandbox.faults.add({ vendor: "mailpartner", path: "/subaccount/create", kind: "drop-after-write" });
    const err = await failure(
      implementation.create(await checked({ type: "simple", allowWithoutEmail: true, creditToAttribute: 3 })),
    );
    expect(err.message).toContain(
      "The outcome is unknown: MailPartner may have created the simple sub-account (with 3 EUR from the " +
        "parent account's balance), and it generates the address, so it cannot be looked up",
    );
    expect(err.message).toContain("MailPartner dashboard");
    // No look was possible: outcome unknown, with the lost write as cause and no lookupError.
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect(err.cause).toBeInstanceOf(VendorConnectionError);
    expect((err as OutcomeUnknownError).lookupError).toBeUndefined();
    expect(creates()).toHaveLength(1);
  });
});

describe("adopt", () => {
  it("lists each difference the list can show (type, address) and changes nothing", async () => {
    sandbox.mailpartner.seedSubaccount({ type: "simple", email: "old@customer.example", title: "Legacy" });
    const err = await failure(
      implementation.create(
        await checked({
          type: "advanced",
          email: "old@customer.example",
          isBuyer: false,
          title: "Renamed",
          adopt: "old@customer.example",
        }),
      ),
    );
    expect(err).toBeInstanceOf(AdoptionMismatchError);
    expect((err as AdoptionMismatchError).differences).toEqual([
      { name: "type", program: "advanced", live: "simple" },
    ]);
    expect(err.message).toContain("cannot adopt old@customer.example: it differs from the program");
    expect(err.message).toContain('type: program "advanced", live "simple"');
    // The list reports no names: the title cannot be compared, so it is not claimed to differ.
    expect(err.message).not.toContain("title");
    expect(writes()).toEqual([]);
  });

  it("fails clearly when no sub-account has the address", async () => {
    const err = await failure(
      implementation.create(await checked({ type: "simple", adopt: "nobody@customer.example" })),
    );
    expect(err.message).toBe(
      "MailPartner: cannot adopt nobody@customer.example: no sub-account has this address",
    );
  });
});

describe("read", () => {
  it("finds a sub-account on a later page of the list, and reports drift in what the program sets", async () => {
    for (let i = 0; i < 25; i++)
      sandbox.mailpartner.seedSubaccount({ type: "simple", email: `s${i}@bulk.example` });
    const { id, outs } = await created(
      await checked({ type: "advanced", email: "late@customer.example", isBuyer: false, title: "Shop" }),
    );
    sandbox.requestLog.clear();
    const read = await implementation.read(id, outs);
    expect(read.id).toBe(id);
    expect(read.inputs).toEqual({
      type: "advanced",
      email: "late@customer.example",
      isBuyer: false,
      title: "Shop",
    });
    expect(read.props?.token).toBe(outs.token);
    expect(sandbox.requests.map((r) => r.path)).toEqual([
      `${MAILPARTNER_PREFIX}/subaccount/list`,
      `${MAILPARTNER_PREFIX}/subaccount/list`,
    ]);
  });

  it("never keeps a sub-account's own apiKey, which the list hands out, in outputs or inputs", async () => {
    const { id, outs } = await created(
      await checked({ type: "advanced", email: "keyed@customer.example", isBuyer: true }),
    );
    const listed = await axios.get(`${sandbox.url}${MAILPARTNER_PREFIX}/subaccount/list`, {
      params: { apiKey: DEFAULT_MAILPARTNER_API_KEY },
    });
    const ownKey = (listed.data.data as { email: string; apiKey: string }[]).find(
      (s) => s.email === id,
    )!.apiKey;
    expect(ownKey).toMatch(/^[0-9a-f]{40}$/);
    const read = await implementation.read(id, outs);
    expect(JSON.stringify(read)).not.toContain(ownKey);
    const adopted = await created({
      ...(await checked({ type: "advanced", email: id, isBuyer: true })),
      adopt: id,
    });
    expect(JSON.stringify(adopted)).not.toContain(ownKey);
  });

  it("keeps a generated address out of the inputs, and reports a sub-account removed at MailPartner as gone", async () => {
    const { id, outs } = await created(
      await checked({ type: "simple", allowWithoutEmail: true, creditToAttribute: 2 }),
    );
    const read = await implementation.read(id, outs);
    expect(read.inputs).toEqual({ type: "simple", allowWithoutEmail: true, creditToAttribute: 2 });
    expect(read.props).toMatchObject({ email: id, emailGenerated: true, creditAttributed: 2 });

    sandbox.mailpartner.removeSubaccount(id);
    expect(await implementation.read(id, outs)).toEqual({});
  });
});

describe("delete", () => {
  it("makes no call and warns that the sub-account still exists at MailPartner, with how to remove or adopt it", async () => {
    const { id, outs } = await created(
      await checked({
        type: "advanced",
        email: "keep@customer.example",
        isBuyer: false,
        creditToAttribute: 7,
      }),
    );
    sandbox.requestLog.clear();
    const { stderr } = await capturingStderr(() => implementation.delete(id, outs));
    expect(sandbox.requests).toEqual([]);
    expect(stderr).toContain(
      "warning: mailpartner.Subaccount keep@customer.example was removed from the Pulumi state",
    );
    expect(stderr).toContain("still exists at MailPartner (advanced, created with 7 EUR of credit)");
    expect(stderr).toContain("MailPartner dashboard");
    expect(stderr).toContain('adopt: "keep@customer.example"');
    expect(stderr).not.toContain(outs.token);
    expect(sandbox.mailpartner.subaccounts()).toHaveLength(1);
  });
});

describe("diff on an existing sub-account", () => {
  it("warns, without a vendor call, while creditToAttribute differs from what was attributed", async () => {
    const { id, outs } = await created(
      await checked({ type: "simple", email: "w@customer.example", creditToAttribute: 5 }),
    );
    sandbox.requestLog.clear();
    const news = await checked({ type: "simple", email: "w@customer.example", creditToAttribute: 50 });
    const { value, stderr } = await capturingStderr(() => implementation.diff(id, outs, news));
    expect(value).toEqual({ changes: false, replaces: [], updates: [], deleteBeforeReplace: false });
    expect(stderr).toContain(
      "warning: mailpartner.Subaccount w@customer.example: the program changes creditToAttribute",
    );
    expect(stderr).toContain("creditToAttribute: 5 → 50");
    expect(stderr).toContain("no money moves");
    expect(sandbox.requests).toEqual([]);

    const matching = await capturingStderr(() =>
      implementation.diff(id, outs, { ...news, creditToAttribute: 5 }),
    );
    expect(matching.stderr).toBe("");
  });
});

describe("import (pulumi import: read with the id alone)", () => {
  it("reads the address and type, records the take-over, and takes the creation-only inputs as the program gives them", async () => {
    sandbox.mailpartner.seedSubaccount({ type: "advanced", email: "shop@customer.example", title: "Shop" });
    const imported = await implementation.read("Shop@Customer.example", undefined);
    expect(writes()).toEqual([]);
    expect(imported.id).toBe("shop@customer.example");
    expect(imported.inputs).toEqual({ type: "advanced", email: "shop@customer.example" });
    expect(imported.props).toMatchObject({
      adopt: "shop@customer.example",
      emailGenerated: false,
      creditAttributed: 0,
    });
    expect(imported.props?.token).toBeTruthy();
    // The list reports none of these: the program's first values are taken, with no warning, no spend.
    const program = {
      type: "advanced",
      email: "shop@customer.example",
      isBuyer: true,
      title: "Customer shop",
      creditToAttribute: 10,
    };
    const result = await implementation.check(imported.inputs!, program as SubaccountInputs);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({ spend: { amount: 0 } });
    const first = await capturingStderr(() =>
      implementation.diff(imported.id!, imported.props!, result.inputs!),
    );
    expect(first.value).toMatchObject({ changes: false });
    expect(first.stderr).toBe("");
    // Recorded from then on: a later change is one MailPartner cannot apply, warned about as ever.
    const recorded = { ...imported.props!, ...result.inputs! };
    const later = await capturingStderr(() =>
      implementation.diff(imported.id!, recorded, { ...result.inputs!, creditToAttribute: 20 }),
    );
    expect(later.stderr).toContain("creditToAttribute: 10 → 20");
  });

  it("still warns about a creation-only input a created sub-account never had", async () => {
    const { id, outs } = await created(await checked({ type: "simple", email: "made@customer.example" }));
    const news = await checked({ type: "simple", email: "made@customer.example", title: "Later" });
    const { stderr } = await capturingStderr(() => implementation.diff(id, outs, news));
    expect(stderr).toContain('title: unset → "Later"');
  });

  it("reports an address no sub-account has as gone", async () => {
    expect(await implementation.read("nobody@customer.example", undefined)).toEqual({});
  });
});
