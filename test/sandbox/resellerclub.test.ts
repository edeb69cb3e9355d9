/**
 * The sandbox's ResellerClub (LogicBoxes) API over real loopback HTTP: what the seed docs and the public
 * KB promise, the shapes we assumed (sandbox/README.md, "Assumptions (ResellerClub)"), the "errors with
 * HTTP 200" trap, the request log and the CLI flags.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

import axios, { type AxiosInstance, type AxiosResponse } from "axios";

import {
  DEFAULT_RESELLERCLUB_API_KEY,
  DEFAULT_RESELLERCLUB_AUTH_USERID,
  RESELLERCLUB_PREFIX,
  RESELLER_PRICE_SAMPLE,
  type Sandbox,
  parseResellerClubOrder,
  startSandbox,
} from "../../sandbox/server";

const ROOT = path.resolve(__dirname, "../..");
const AUTH = { "auth-userid": DEFAULT_RESELLERCLUB_AUTH_USERID, "api-key": DEFAULT_RESELLERCLUB_API_KEY };

let sandbox: Sandbox;
let http: AxiosInstance;
let admin: AxiosInstance;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  http = axios.create({ baseURL: `${sandbox.url}${RESELLERCLUB_PREFIX}`, validateStatus: () => true });
  admin = axios.create({ baseURL: `${sandbox.url}/__sandbox`, validateStatus: () => true });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
});

type Fields = Record<string, string | string[] | undefined>;

/** Form-encoded like the real API's POSTs; arrays become repeated parameters, undefined is left out. */
function form(fields: Fields): URLSearchParams {
  const p = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) p.append(name, v);
  }
  return p;
}

function post(route: string, fields: Fields, auth: Fields = AUTH): Promise<AxiosResponse> {
  return http.post(route, form({ ...auth, ...fields }));
}

function get(route: string, fields: Fields, auth: Fields = AUTH): Promise<AxiosResponse> {
  return http.get(`${route}?${form({ ...auth, ...fields }).toString()}`);
}

const USER: Fields = {
  "order-id": "0",
  email: "username@domainname.com",
  passwd: "user-password",
  "notification-email": "notify@example.org",
  "first-name": "firstname",
  "last-name": "lastname",
  "country-code": "US",
  "language-code": "en",
};

function addUser(overrides: Fields = {}): Promise<AxiosResponse> {
  return post("/mail/user/add.json", { ...USER, ...overrides });
}

function addForwardOnly(email: string, forwards: string, orderId = "0"): Promise<AxiosResponse> {
  return post("/mail/user/add-forward-only-account.json", { "order-id": orderId, email, forwards });
}

function search(fields: Fields): Promise<AxiosResponse> {
  return get("/mail/users/search.json", fields);
}

/**
 * A mail call's refusal is HTTP 200 `{"response":{"status":"FAILURE","message","errorCode"}}`; every
 * other error the platform's top-level `{"status":"ERROR","message"}` with its own status.
 */
function expectError(
  res: AxiosResponse,
  status: number,
  message: string | RegExp,
  errorCode: string = "invalid_parameter",
): void {
  const text = typeof message === "string" ? message : expect.stringMatching(message);
  expect({ status: res.status, body: res.data }).toEqual({
    status,
    body:
      status === 200
        ? { response: { status: "FAILURE", message: text, errorCode } }
        : { status: "ERROR", message: text },
  });
}

const OK = { response: { status: "SUCCESS" } };
/** What a delete answers, for mailboxes and forward-only accounts alike (Pitchero/ResellerClub a477896). */
const DELETED = { response: { status: "Success" } };
/** USER as the mail API answers it: the recorded add answer's field names (Pitchero/ResellerClub). */
const USER_RECORD = {
  emailAddress: "username@domainname.com",
  domainName: "domainname.com",
  firstName: "firstname",
  lastName: "lastname",
  alternateEmailAddress: "notify@example.org",
  countryCode: "US",
  languageCode: "en",
  accountType: "POP_WITHOUT_AUTORESPONDER",
  status: "ACTIVE",
  createdOn: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} GMT$/),
};
/** The recorded refusal for an address that does not exist. */
const GONE = (email: string) =>
  [`Email address ${email} does not exist`, "emailaddress_does_not_exist"] as const;

describe("auth", () => {
  it("answers 403 for missing or wrong credentials, in the query or the form body, never echoing the key", async () => {
    const wrongKey = "wrong-key-do-not-echo";
    const cases: AxiosResponse[] = [
      await get("/customers/details-by-id.json", { "customer-id": "0" }, {}),
      await get("/customers/details-by-id.json", { "customer-id": "0" }, { ...AUTH, "api-key": wrongKey }),
      await get("/customers/details-by-id.json", { "customer-id": "0" }, { ...AUTH, "auth-userid": "1" }),
      await post("/mail/user/add.json", USER, { "auth-userid": DEFAULT_RESELLERCLUB_AUTH_USERID }),
      await post("/mail/user/add.json", USER, { ...AUTH, "api-key": wrongKey }),
      // Auth comes before routing: an unknown route without credentials is 403, not 404.
      await http.get("/no/such/route.json"),
    ];
    for (const res of cases) {
      expectError(res, 403, /^Authentication failed/);
      expect(JSON.stringify(res.data)).not.toContain(wrongKey);
      expect(JSON.stringify(res.data)).not.toContain(DEFAULT_RESELLERCLUB_API_KEY);
    }
    expect(sandbox.resellerclub.snapshot().users).toEqual([]);
  });

  it("accepts credentials in the form body of a POST and in its query string", async () => {
    expect((await addUser()).data.response.status).toBe("SUCCESS");
    const inQuery = await http.post(
      `/mail/user/add.json?${form(AUTH).toString()}`,
      form({ ...USER, email: "second@domainname.com" }),
    );
    expect(inQuery.data.response).toMatchObject({
      status: "SUCCESS",
      user: { emailAddress: "second@domainname.com", accountType: "POP_WITHOUT_AUTORESPONDER" },
    });
  });

  it("answers 404 in the error shape for an unknown route", async () => {
    expectError(
      await get("/mail/nothing.json", {}),
      404,
      "No ResellerClub API route GET /resellerclub/api/mail/nothing.json.",
    );
  });
});

describe("mail/user/add.json", () => {
  it("adds the docs' example user", async () => {
    const res = await addUser();
    expect(res.status).toBe(200);
    // The recorded answer's shape (Pitchero/ResellerClub tests/unit/Orders/EmailAccounts/EmailAccountTest.php).
    expect(res.data).toEqual({
      response: {
        status: "SUCCESS",
        user: USER_RECORD,
      },
    });
  });

  it.each<[string, Fields, string | RegExp]>([
    ["missing order-id", { "order-id": undefined }, "order-id is required."],
    ["missing passwd", { passwd: undefined }, "passwd is required."],
    ["missing language-code", { "language-code": undefined }, "language-code is required."],
    ["non-numeric order-id", { "order-id": "abc" }, "order-id must be an integer >= 0."],
    ["unknown order", { "order-id": "777" }, "Order 777 does not exist."],
    ["invalid email", { email: "not-an-address" }, "email is not a valid email address."],
    [
      "email on another domain",
      { email: "user@other.example" },
      "email domain must match the order's domain domainname.com.",
    ],
    ["short passwd", { passwd: "short7!" }, "passwd must be at least 8 characters long."],
    ["invalid notification-email", { "notification-email": "nope@" }, /^notification-email is not a valid/],
    ["unknown country", { "country-code": "XX" }, /^country-code must be an ISO 3166-1 alpha-2 code/],
    ["three-letter country", { "country-code": "USA" }, /^country-code must be an ISO 3166-1/],
    ["unknown language", { "language-code": "xx" }, /^language-code must be an ISO 639-1/],
  ])("%s is an ERROR with HTTP 200", async (_label, overrides, message) => {
    const res = await addUser(overrides);
    expectError(res, 200, message);
    // Neither a rejected password nor the key is ever echoed.
    expect(JSON.stringify(res.data)).not.toContain("short7!");
    expect(JSON.stringify(res.data)).not.toContain(DEFAULT_RESELLERCLUB_API_KEY);
    expect(sandbox.resellerclub.snapshot().users).toEqual([]);
  });

  it("accepts lower-case country codes and stores them upper-case", async () => {
    expect((await addUser({ "country-code": "de", "language-code": "DE" })).data.response.status).toBe(
      "SUCCESS",
    );
    expect(sandbox.resellerclub.snapshot().users[0]).toMatchObject({ countryCode: "DE", languageCode: "de" });
  });

  it("refuses an address already used by a user or a forward-only account, on any order", async () => {
    // The recorded refusal (Pitchero/ResellerClub tests/unit/Orders/EmailAccounts/Responses/CreateResponseTest.php).
    const taken = [
      "Email address is already registered with us",
      "emailaddress_unique_key_voilation",
    ] as const;
    expect((await addUser()).data.response.status).toBe("SUCCESS");
    expectError(await addUser(), 200, ...taken);
    expectError(await addUser({ email: "USERNAME@DomainName.com" }), 200, ...taken);
    expect((await addForwardOnly("fwd@domainname.com", "a@example.org")).data.response.status).toBe(
      "SUCCESS",
    );
    expectError(await addUser({ email: "fwd@domainname.com" }), 200, ...taken);
    expectError(await addForwardOnly("username@domainname.com", "a@example.org"), 200, ...taken);
  });
});

describe("mail/user/add-forward-only-account.json", () => {
  it("collapses duplicate forwards and answers them", async () => {
    const res = await addForwardOnly(
      "sales@customer.example",
      "a@example.org, b@example.org,A@Example.org,,b@example.org",
      "1001",
    );
    expect(res.status).toBe(200);
    expect(res.data.response).toEqual({
      status: "SUCCESS",
      user: {
        emailAddress: "sales@customer.example",
        domainName: "customer.example",
        accountType: "FORWARD_ONLY",
        adminForwards: "a@example.org,b@example.org",
        status: "ACTIVE",
        createdOn: expect.any(String),
      },
    });
  });

  it.each<[string, string, string, string | RegExp]>([
    ["no forwards", "x@domainname.com", " , ", /^forwards (is required|must list at least one)/],
    [
      "an invalid forward",
      "x@domainname.com",
      "a@example.org,broken",
      'forwards: "broken" is not a valid email address.',
    ],
    [
      "a forward to itself",
      "x@domainname.com",
      "x@domainname.com",
      "forwards must not include the account's own address.",
    ],
    [
      "another domain",
      "x@customer.example",
      "a@example.org",
      "email domain must match the order's domain domainname.com.",
    ],
  ])("%s is an ERROR with HTTP 200", async (_label, email, forwards, message) => {
    expectError(await addForwardOnly(email, forwards), 200, message);
  });
});

describe("changing mail users", () => {
  beforeEach(async () => {
    expect((await addUser()).data.response.status).toBe("SUCCESS");
    expect(
      (await addForwardOnly("fwd@domainname.com", "a@example.org,b@example.org")).data.response.status,
    ).toBe("SUCCESS");
  });

  it("modify.json replaces the notification address and names; every field is required", async () => {
    const fields = {
      "order-id": "0",
      email: "username@domainname.com",
      "notification-email": "new@example.org",
      "first-name": "Ada",
      "last-name": "Lovelace",
    };
    expect((await post("/mail/user/modify.json", fields)).data).toEqual(OK);
    const found = (await search({ "order-id": "0", email: "username@domainname.com" })).data;
    expect(found.response.users[0]).toMatchObject({
      alternateEmailAddress: "new@example.org",
      firstName: "Ada",
      lastName: "Lovelace",
    });
    expectError(
      await post("/mail/user/modify.json", { ...fields, "last-name": undefined }),
      200,
      "last-name is required.",
    );
    expectError(
      await post("/mail/user/modify.json", { ...fields, email: "ghost@domainname.com" }),
      200,
      ...GONE("ghost@domainname.com"),
    );
  });

  it("change-password.json needs the old password, and never echoes either", async () => {
    const fields = { "order-id": "0", email: "username@domainname.com" };
    const wrong = await post("/mail/user/change-password.json", {
      ...fields,
      "old-passwd": "not-the-password",
      "new-passwd": "brand-new-password",
    });
    expectError(wrong, 200, "Old password is incorrect");
    expect(JSON.stringify(wrong.data)).not.toContain("brand-new-password");
    const ok = await post("/mail/user/change-password.json", {
      ...fields,
      "old-passwd": "user-password",
      "new-passwd": "brand-new-password",
    });
    expect(ok.data).toEqual(OK);
    // The old one no longer works; the new one does.
    expectError(
      await post("/mail/user/change-password.json", {
        ...fields,
        "old-passwd": "user-password",
        "new-passwd": "third-password",
      }),
      200,
      "Old password is incorrect",
    );
    expect(
      (
        await post("/mail/user/change-password.json", {
          ...fields,
          "old-passwd": "brand-new-password",
          "new-passwd": "third-password",
        })
      ).data,
    ).toEqual(OK);
  });

  it("add-admin-forwards.json and delete-admin-forwards.json edit adminForwards; a forward-only account keeps its last one", async () => {
    const account = { "order-id": "0", email: "fwd@domainname.com" };
    expect(
      (
        await post("/mail/user/add-admin-forwards.json", {
          ...account,
          forwards: "c@example.org,a@example.org",
        })
      ).data,
    ).toEqual(OK);
    // The WHMCS ResellerClub module reads a forward-only account's targets so: one comma-separated text.
    const forwards = async (): Promise<string> =>
      (await search({ "order-id": "0", email: "fwd@domainname.com" })).data.response.users[0].adminForwards;
    expect(await forwards()).toBe("a@example.org,b@example.org,c@example.org");

    expect(
      (
        await post("/mail/user/delete-admin-forwards.json", {
          ...account,
          forwards: "a@example.org,b@example.org",
        })
      ).data,
    ).toEqual(OK);
    expect(await forwards()).toBe("c@example.org");
    expectError(
      await post("/mail/user/delete-admin-forwards.json", { ...account, forwards: "c@example.org" }),
      200,
      "A forward-only account must keep at least one forward.",
    );
    expectError(
      await post("/mail/user/delete-admin-forwards.json", { ...account, forwards: "zz@example.org" }),
      200,
      "zz@example.org is not a forward of fwd@domainname.com.",
    );
    expect(await forwards()).toBe("c@example.org");
  });

  it("add-user-forwards.json and delete-user-forwards.json keep a mailbox's own forwards apart", async () => {
    const user = { "order-id": "0", email: "username@domainname.com" };
    expect(
      (await post("/mail/user/add-user-forwards.json", { ...user, forwards: "copy@example.org" })).data,
    ).toEqual(OK);
    expect(sandbox.resellerclub.snapshot().users[0]).toMatchObject({
      forwards: [],
      userForwards: ["copy@example.org"],
    });
    // A mail user may drop every forward.
    expect(
      (await post("/mail/user/delete-user-forwards.json", { ...user, forwards: "copy@example.org" })).data,
    ).toEqual(OK);
    expect(sandbox.resellerclub.snapshot().users[0].userForwards).toEqual([]);
  });

  it("delete.json removes the account, then answers the recorded 'does not exist'", async () => {
    const account = { "order-id": "0", email: "username@domainname.com" };
    // Pitchero/ResellerClub a477896 (EmailAccountTest.php): a delete answers `Success`, mixed case.
    expect((await post("/mail/user/delete.json", account)).data).toEqual(DELETED);
    // Pitchero/ResellerClub tests/unit/Orders/EmailAccounts/Responses/DeletedResponseTest.php
    expectError(await post("/mail/user/delete.json", account), 200, ...GONE("username@domainname.com"));
    // On another order the address does not exist either.
    expectError(
      await post("/mail/user/delete.json", { "order-id": "1001", email: "fwd@domainname.com" }),
      200,
      ...GONE("fwd@domainname.com"),
    );
    expect((await search({ "order-id": "0" })).data.response.users).toHaveLength(1);
    // The address is free again.
    expect((await addUser()).data.response.status).toBe("SUCCESS");
  });

  it("delete.json answers a forward-only account's delete with `Success` too", async () => {
    // Pitchero/ResellerClub a477896 (EmailForwarderTest.php): the forwarder delete's mock, the same body.
    const account = { "order-id": "0", email: "fwd@domainname.com" };
    expect((await post("/mail/user/delete.json", account)).data).toEqual(DELETED);
    expect(sandbox.resellerclub.snapshot().forwardOnlyAccounts).toEqual([]);
  });

  it("mail/user.json reads one account; an unknown one is the recorded 'does not exist'", async () => {
    const one = await get("/mail/user.json", { "order-id": "0", email: "FWD@domainname.com" });
    expect(one.data.response).toMatchObject({
      status: "SUCCESS",
      user: {
        emailAddress: "fwd@domainname.com",
        accountType: "FORWARD_ONLY",
        adminForwards: "a@example.org,b@example.org",
      },
    });
    expectError(
      await get("/mail/user.json", { "order-id": "0", email: "nobody@domainname.com" }),
      200,
      ...GONE("nobody@domainname.com"),
    );
  });
});

describe("mail/users/search.json", () => {
  it("finds by email and account type, never showing a password", async () => {
    await addUser();
    await addForwardOnly("fwd@domainname.com", "a@example.org");
    const byEmail = await search({ "order-id": "0", email: "USERNAME@domainname.com" });
    expect(byEmail.status).toBe(200);
    expect(byEmail.data).toEqual({
      response: {
        status: "SUCCESS",
        users: [USER_RECORD],
      },
    });
    expect(JSON.stringify(byEmail.data)).not.toContain("user-password");
    const forwardOnly = await search({ "order-id": "0", "account-types": "forward_only" });
    expect(forwardOnly.data.response.users).toEqual([
      expect.objectContaining({
        emailAddress: "fwd@domainname.com",
        accountType: "FORWARD_ONLY",
        adminForwards: "a@example.org",
      }),
    ]);
    // KB 1045's filter values: every pop_* one lists the mailboxes.
    for (const type of ["pop_with_autoresponder", "pop_with_auto_responder"]) {
      const mailboxes = await search({ "order-id": "0", "account-types": type });
      expect(mailboxes.data.response.users.map((u: { emailAddress: string }) => u.emailAddress)).toEqual([
        "username@domainname.com",
      ]);
    }
    expectError(await search({ "order-id": "0", "account-types": "imap" }), 200, /^account-types must be/);
    expectError(await search({}), 200, "order-id is required.");
    // The WHMCS ResellerClub module tests response.message for this text.
    expect((await search({ "order-id": "1001" })).data).toEqual({
      response: { status: "FAILURE", message: "No Records found" },
    });
  });

  it("pages 200 to a page, 1-based", async () => {
    for (let i = 0; i < 201; i++) {
      sandbox.resellerclub.addForwardOnlyAccount({
        "order-id": ["1001"],
        email: [`box${String(i).padStart(3, "0")}@customer.example`],
        forwards: ["a@example.org"],
      });
    }
    const first = await search({ "order-id": "1001" });
    expect(first.data.response.users).toHaveLength(200);
    expect(first.data.response.users[0].emailAddress).toBe("box000@customer.example");
    const second = await search({ "order-id": "1001", "page-no": "2" });
    expect(second.data.response.users.map((u: { emailAddress: string }) => u.emailAddress)).toEqual([
      "box200@customer.example",
    ]);
    expect((await search({ "order-id": "1001", "page-no": "3" })).data.response.message).toBe(
      "No Records found",
    );
    expectError(
      await search({ "order-id": "1001", "page-no": "0" }),
      200,
      "page-no must be an integer >= 1.",
    );
  });
});

describe("an order whose free email is not activated", () => {
  // The LogicBoxes Free Mail addon (tunnel-conflux/mail-host-box mailhostbox.php) meets this top-level
  // message after mail/users/search.json; its status word and HTTP status are the sandbox's (500 ERROR).
  const NOT_ACTIVATED = "You need to activate your FREE Email Services before you can perform this action";

  it("refuses every mail call on it with LogicBoxes' top-level message; other orders are untouched", async () => {
    expect((await addForwardOnly("info@customer.example", "a@example.org", "1001")).status).toBe(200);
    sandbox.resellerclub.setFreeMailActivated(1001, false);
    expectError(await search({ "order-id": "1001" }), 500, NOT_ACTIVATED);
    expectError(
      await get("/mail/user.json", { "order-id": "1001", email: "info@customer.example" }),
      500,
      NOT_ACTIVATED,
    );
    expectError(await addUser({ "order-id": "1001", email: "box@customer.example" }), 500, NOT_ACTIVATED);
    expectError(
      await post("/mail/user/delete.json", { "order-id": "1001", email: "info@customer.example" }),
      500,
      NOT_ACTIVATED,
    );
    expect(sandbox.resellerclub.snapshot().forwardOnlyAccounts).toHaveLength(1);
    expect((await addUser()).data.response.status).toBe("SUCCESS"); // order 0
    expect(sandbox.resellerclub.snapshot().orders).toEqual([
      { orderId: 0, domain: "domainname.com", mailActivated: true },
      { orderId: 1001, domain: "customer.example", mailActivated: false },
    ]);
  });

  it("is switched off and on through the admin API, and reset activates it again", async () => {
    const off = await admin.put("/resellerclub/orders/1001/mail", { activated: false });
    expect(off.data).toEqual({ orderId: 1001, mailActivated: false });
    expectError(await search({ "order-id": "1001" }), 500, NOT_ACTIVATED);
    expect((await admin.put("/resellerclub/orders/1001/mail", { activated: true })).status).toBe(200);
    expect((await search({ "order-id": "1001" })).data.response.message).toBe("No Records found");
    await admin.put("/resellerclub/orders/1001/mail", { activated: false });
    sandbox.reset();
    expect((await search({ "order-id": "1001" })).data.response.message).toBe("No Records found");
    expect((await admin.put("/resellerclub/orders/42/mail", { activated: false })).status).toBe(404);
    expect((await admin.put("/resellerclub/orders/1001/mail", { activated: "no" })).status).toBe(400);
  });
});

describe("customers and pricing", () => {
  it("returns customer details with the docs' field names; an unknown customer is HTTP 500", async () => {
    const res = await get("/customers/details-by-id.json", { "customer-id": "0" });
    expect(res.status).toBe(200);
    expect(Object.keys(res.data)).toEqual([
      "customerid",
      "username",
      "resellerid",
      "name",
      "company",
      "useremail",
      "telnocc",
      "telno",
      "address1",
      "address2",
      "address3",
      "city",
      "state",
      "country",
      "zip",
      "pin",
      "creationdt",
      "customerstatus",
      "salescontactid",
      "langpref",
      "totalreceipts",
    ]);
    expect(res.data).toMatchObject({ customerid: "0", resellerid: DEFAULT_RESELLERCLUB_AUTH_USERID });
    expectError(
      await get("/customers/details-by-id.json", { "customer-id": "424242" }),
      500,
      "Customer 424242 does not exist.",
    );
    expectError(await get("/customers/details-by-id.json", {}), 500, "customer-id is required.");
  });

  it("answers the docs' reseller pricing sample exactly", async () => {
    const res = await http.get(`/mock/products/reseller-price.json?${form(AUTH).toString()}`, {
      responseType: "text",
    });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.data).toBe(RESELLER_PRICE_SAMPLE);
    expect(JSON.parse(res.data as string).hosting.email_plan["0"].description).toEqual({
      no_of_mail_accounts: -1,
      default: true,
    });
  });
});

describe("billing searches", () => {
  const TX = "/billing/customer-transactions/search.json";
  const ARCHIVED = "/billing/customer-archived-transactions/search.json";

  function records(body: Record<string, unknown>): Record<string, string>[] {
    const n = Number(body.recsonpage);
    return Array.from({ length: n }, (_, i) => body[String(i + 1)] as Record<string, string>);
  }

  it("pages 25 transactions in 3 pages of 10", async () => {
    const seen: string[] = [];
    for (const page of ["1", "2", "3"]) {
      const res = await get(TX, { "no-of-records": "10", "page-no": page });
      expect(res.status).toBe(200);
      expect(res.data.recsindb).toBe("25");
      expect(res.data.recsonpage).toBe(page === "3" ? "5" : "10");
      seen.push(...records(res.data).map((r) => r["customer_transaction.transid"]));
    }
    expect(new Set(seen).size).toBe(25);
    expect([...seen].sort()).toEqual(seen);
    const empty = await get(TX, { "no-of-records": "10", "page-no": "4" });
    expect(empty.data).toEqual({ recsonpage: "0", recsindb: "25" });

    const first = records((await get(TX, { "no-of-records": "10", "page-no": "1" })).data)[0];
    expect(Object.keys(first).sort()).toEqual(
      [
        "customer_transaction.transid",
        "customer_transaction.transactiondate",
        "customer_transaction.orderid",
        "customer_transaction.key",
        "customer_transaction.type",
        "customer_transaction.description",
        "greedy",
        "customer_transaction.customerid",
        "customer_transaction.sellingcurrencysymbol",
        "customer_transaction.sellingamount",
        "customer_transaction.unutilisedsellingamount",
        "customer_transaction.accountingcurrencysymbol",
        "customer_transaction.accountingamount",
        "customer_transaction.unutilisedaccountingamount",
        "forexdiff",
      ].sort(),
    );
    expect(first["customer_transaction.transactiondate"]).toMatch(/^\d{10}$/);
  });

  it("filters by repeated customer-id and transaction-type", async () => {
    const res = await get(TX, {
      "no-of-records": "50",
      "page-no": "1",
      "customer-id": ["0", "15550001"],
      "transaction-type": ["receipt", "credit"],
    });
    const found = records(res.data);
    expect(found.length).toBeGreaterThan(0);
    expect(res.data.recsindb).toBe(String(found.length));
    for (const r of found) {
      expect(["0", "15550001"]).toContain(r["customer_transaction.customerid"]);
      expect(["receipt", "credit"]).toContain(r["customer_transaction.type"]);
    }
  });

  it("searches the 7 archived transactions separately", async () => {
    const res = await get(ARCHIVED, { "no-of-records": "10", "page-no": "1" });
    expect(res.data).toMatchObject({ recsonpage: "7", recsindb: "7" });
    const current = new Set(
      records((await get(TX, { "no-of-records": "500", "page-no": "1" })).data).map(
        (r) => r["customer_transaction.transid"],
      ),
    );
    for (const r of records(res.data)) expect(current.has(r["customer_transaction.transid"])).toBe(false);
  });

  it.each<[Fields, string | RegExp]>([
    [{ "page-no": "1" }, "no-of-records is required."],
    [{ "no-of-records": "10" }, "page-no is required."],
    [{ "no-of-records": "9", "page-no": "1" }, "no-of-records must be an integer from 10 to 500."],
    [{ "no-of-records": "501", "page-no": "1" }, "no-of-records must be an integer from 10 to 500."],
    [{ "no-of-records": "10", "page-no": "0" }, "page-no must be an integer >= 1."],
    [
      { "no-of-records": "10", "page-no": "1", "transaction-type": "refund" },
      /^transaction-type must be one of/,
    ],
  ])("%j is an ERROR with HTTP 500", async (fields, message) => {
    expectError(await get(TX, fields), 500, message);
    expectError(await get(ARCHIVED, fields), 500, message);
  });
});

describe("sandbox integration", () => {
  it("logs paths only, so the key never reaches the request log", async () => {
    await addUser();
    await get("/customers/details-by-id.json", { "customer-id": "0" });
    await get("/customers/details-by-id.json", { "customer-id": "0" }, { ...AUTH, "api-key": "bad" });
    const log = (await admin.get("/requests")).data.requests as {
      vendor: string;
      path: string;
      status: number;
    }[];
    expect(log.map((e) => [e.vendor, e.path, e.status])).toEqual([
      ["resellerclub", "/resellerclub/api/mail/user/add.json", 200],
      ["resellerclub", "/resellerclub/api/customers/details-by-id.json", 200],
      ["resellerclub", "/resellerclub/api/customers/details-by-id.json", 403],
    ]);
    const raw = JSON.stringify(log);
    for (const secret of ["api-key", DEFAULT_RESELLERCLUB_API_KEY, "user-password", "?"]) {
      expect(raw).not.toContain(secret);
    }
  });

  it("injects faults in the vendor's error shape", async () => {
    sandbox.faults.add({
      vendor: "resellerclub",
      path: "/mail/user/add.json",
      kind: "rate-limit",
      retryAfterSeconds: 2,
    });
    const limited = await addUser();
    expect(limited.headers["retry-after"]).toBe("2");
    expectError(limited, 429, /injected fault/);
    expect((await addUser()).data.response.status).toBe("SUCCESS");
  });

  it("shows the state without passwords, and reset clears the accounts", async () => {
    await addUser();
    await addForwardOnly("fwd@domainname.com", "a@example.org");
    const state = await admin.get("/resellerclub/state");
    expect(state.status).toBe(200);
    expect(state.data).toMatchObject({
      authUserId: DEFAULT_RESELLERCLUB_AUTH_USERID,
      orders: [
        { orderId: 0, domain: "domainname.com" },
        { orderId: 1001, domain: "customer.example" },
      ],
      users: [expect.objectContaining({ orderId: 0, email: "username@domainname.com" })],
      forwardOnlyAccounts: [
        expect.objectContaining({ email: "fwd@domainname.com", forwards: ["a@example.org"] }),
      ],
      transactions: 25,
      archivedTransactions: 7,
    });
    expect(state.data.customers).toHaveLength(3);
    const raw = JSON.stringify(state.data);
    for (const secret of ["user-password", DEFAULT_RESELLERCLUB_API_KEY]) expect(raw).not.toContain(secret);

    expect((await admin.post("/reset")).data).toEqual({ reset: true });
    expect(sandbox.resellerclub.snapshot()).toMatchObject({ users: [], forwardOnlyAccounts: [] });
  });

  it("takes its orders and credentials from the options", async () => {
    const other = await startSandbox({
      port: 0,
      quiet: true,
      resellerclubAuthUserId: "42",
      resellerclubApiKey: "other-key",
      resellerclubOrders: [parseResellerClubOrder("7:Example.ORG")],
    });
    try {
      const client = axios.create({
        baseURL: `${other.url}${RESELLERCLUB_PREFIX}`,
        validateStatus: () => true,
      });
      const auth = form({ "auth-userid": "42", "api-key": "other-key" }).toString();
      const ok = await client.post(
        `/mail/user/add-forward-only-account.json?${auth}`,
        form({ "order-id": "7", email: "info@example.org", forwards: "a@example.net" }),
      );
      expect(ok.data.response.status).toBe("SUCCESS");
      const gone = await client.post(
        `/mail/user/add-forward-only-account.json?${auth}`,
        form({ "order-id": "0", email: "info@domainname.com", forwards: "a@example.net" }),
      );
      expectError(gone, 200, "Order 0 does not exist.");
    } finally {
      await other.close();
    }
    expect(() => parseResellerClubOrder("7")).toThrow(/ORDER_ID:DOMAIN/);
    expect(() => parseResellerClubOrder("7:not a domain")).toThrow(/not a domain name/);
  });

  it("the CLI's --help lists the ResellerClub flags, and a bad --resellerclub-order exits 2", async () => {
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const run = promisify(execFile);
    const { stdout } = await run(tsx, ["sandbox/main.ts", "--help"], { cwd: ROOT });
    for (const flag of [
      "--resellerclub-auth-userid",
      "--resellerclub-api-key",
      "--resellerclub-order ORDER_ID:DOMAIN",
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain(`(default ${DEFAULT_RESELLERCLUB_AUTH_USERID})`);
    expect(stdout).toContain("(default 0:domainname.com 1001:customer.example)");
    await expect(
      run(
        tsx,
        ["sandbox/main.ts", "--resellerclub-order", "0:domainname.com", "--resellerclub-order", "nonsense"],
        {
          cwd: ROOT,
        },
      ),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--resellerclub-order: "nonsense" is not ORDER_ID:DOMAIN'),
    });
    await expect(
      run(
        tsx,
        ["sandbox/main.ts", "--resellerclub-order", "5:a.example", "--resellerclub-order", "5:b.example"],
        {
          cwd: ROOT,
        },
      ),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("order id 5 is given twice") });
  });
});
