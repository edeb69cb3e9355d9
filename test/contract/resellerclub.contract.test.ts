/**
 * resellerclub.MailUser and resellerclub.ForwardOnlyAccount through Pulumi's real dynamic-provider host,
 * against a server that answers with the bodies independent clients recorded from (or read off) the live
 * LogicBoxes mail API (fixtures/resellerclub.ts names each source), not against our sandbox. Needs the
 * package installed into examples/ (`npm test` does it; alone: `bash scripts/install-examples.sh`).
 */
import { DynamicHost, startDynamicHost } from "../harness/dynamic-host";
import {
  addUserAnswer,
  addressMissingAnswer,
  addressTakenAnswer,
  deletedAnswer,
  forwardOnlyRecord,
  forwarderCreatedAnswer,
  forwardsChangedAnswer,
  freeMailNotActivatedAnswer,
  mixedCaseSuccess,
  noRecordsAnswer,
} from "./fixtures/resellerclub";
import { lifecycle } from "./lifecycle";
import { RecordedRequest, RecordedServer, Route, startRecordedServer } from "./recorded-server";

jest.setTimeout(60_000);

const API_KEY = "contract-resellerclub-key";
type Account = Record<string, unknown> & { emailAddress: string };

let server: RecordedServer;
let host: DynamicHost;
const accounts = new Map<string, Account>();
let emptySearch: "SUCCESS" | "FAILURE" = "FAILURE";
/** The HTTP status of LogicBoxes' "activate your FREE Email Services" answer, while it is served. */
let freeMailNotActivated: number | undefined;

const param = (req: RecordedRequest, name: string) => req.params.get(name) ?? "";
const email = (req: RecordedRequest) => param(req, "email").toLowerCase();
const missing = (req: RecordedRequest) => ({ body: addressMissingAnswer(email(req)).body });

/** The recorded add answer's user, carrying this request's address and fields. */
function mailbox(req: RecordedRequest): Account {
  const recorded = addUserAnswer.body.response.user;
  return {
    ...recorded,
    emailAddress: email(req),
    domainName: email(req).split("@")[1],
    firstName: param(req, "first-name"),
    lastName: param(req, "last-name"),
    alternateEmailAddress: param(req, "notification-email"),
    countryCode: param(req, "country-code").toUpperCase(),
    languageCode: param(req, "language-code").toLowerCase(),
  };
}

function targets(a: Account): string[] {
  return String(a.adminForwards ?? "")
    .split(",")
    .filter((t) => t !== "");
}

const routes: Route[] = [
  [
    "POST",
    /\/mail\/user\/add\.json$/,
    (req) => {
      if (accounts.has(email(req))) return { body: addressTakenAnswer.body };
      const account = mailbox(req);
      accounts.set(account.emailAddress, account);
      return { body: { response: { ...addUserAnswer.body.response, user: account } } };
    },
  ],
  [
    "POST",
    /\/mail\/user\/add-forward-only-account\.json$/,
    (req) => {
      if (accounts.has(email(req))) return { body: addressTakenAnswer.body };
      accounts.set(email(req), forwardOnlyRecord(email(req), param(req, "forwards").split(",")));
      return { body: forwarderCreatedAnswer.body };
    },
  ],
  [
    "POST",
    /\/mail\/user\/modify\.json$/,
    (req) => {
      const a = accounts.get(email(req));
      if (!a) return missing(req);
      Object.assign(a, {
        firstName: param(req, "first-name"),
        lastName: param(req, "last-name"),
        alternateEmailAddress: param(req, "notification-email"),
      });
      return { body: mixedCaseSuccess.body };
    },
  ],
  [
    "POST",
    /\/mail\/user\/(add|delete)-admin-forwards\.json$/,
    (req, m) => {
      const a = accounts.get(email(req));
      if (!a) return missing(req);
      const named = param(req, "forwards").split(",");
      const now = m[1] === "add" ? [...targets(a), ...named] : targets(a).filter((t) => !named.includes(t));
      a.adminForwards = [...new Set(now)].join(",");
      return { body: forwardsChangedAnswer.body };
    },
  ],
  [
    "POST",
    /\/mail\/user\/delete\.json$/,
    (req) => {
      if (!accounts.delete(email(req))) return missing(req);
      return { body: deletedAnswer.body };
    },
  ],
  [
    "GET",
    /\/mail\/users\/search\.json$/,
    (req) => {
      if (freeMailNotActivated !== undefined) {
        return { status: freeMailNotActivated, body: freeMailNotActivatedAnswer.body };
      }
      const wanted = req.params.get("email")?.toLowerCase();
      const users = [...accounts.values()].filter((a) => wanted === undefined || a.emailAddress === wanted);
      if (users.length === 0 || Number(req.params.get("page-no") ?? "1") > 1) {
        return { body: noRecordsAnswer(emptySearch).body };
      }
      return { body: { response: { status: "SUCCESS", users } } };
    },
  ],
];

beforeAll(async () => {
  server = await startRecordedServer(routes);
  host = await startDynamicHost(hostConfig());
});

/** The host's config: one host process serves one run of the engine. */
const hostConfig = () => ({
  "mailreseller:resellerclubApiUrl": `${server.url}/api`,
  "mailreseller:resellerclubAuthUserId": "654321",
  "mailreseller:resellerclubApiKey": API_KEY,
});

afterAll(async () => {
  host?.stop();
  await server?.close();
});

beforeEach(() => {
  accounts.clear();
  server.requests.length = 0;
  emptySearch = "FAILURE";
  freeMailNotActivated = undefined;
});

const users = () => lifecycle(host, "resellerclub-mail-user", "resellerclub:MailUser", "box");
const forwarders = () =>
  lifecycle(host, "resellerclub-forward-only-account", "resellerclub:ForwardOnlyAccount", "fwd");

const box = {
  orderId: "1001",
  email: "office@customer.example",
  password: "mailbox-password-1",
  notificationEmail: "it@customer.example",
  firstName: "Office",
  lastName: "Mailbox",
  countryCode: "GB",
  languageCode: "en",
};

describe("resellerclub.MailUser against recorded answers", () => {
  it("creates, previews unchanged with no call, updates in place, refreshes without drift, deletes twice", async () => {
    const r = users();
    const created = await r.create(box);
    expect(created.id).toBe("1001/office@customer.example");
    expect(server.writes()).toEqual(["POST /api/mail/user/add.json"]);

    server.requests.length = 0;
    expect(await r.diff(created.id, created.props, await r.check(box, created.props))).toMatchObject({
      changes: "none",
    });
    expect(server.requests).toEqual([]);

    const renamed = { ...box, lastName: "Desk" };
    const news = await r.check(renamed, created.props);
    expect(await r.diff(created.id, created.props, news)).toMatchObject({ changes: "some", replaces: [] });
    const updated = await r.update(created.id, created.props, renamed);
    expect(server.writes()).toEqual(["POST /api/mail/user/modify.json"]);

    const refreshed = await r.read(created.id, updated);
    expect(refreshed.id).toBe(created.id);
    // The recorded record's fields: alternateEmailAddress is the notification address, status is lower-cased.
    expect(refreshed.inputs).toMatchObject({ lastName: "Desk", notificationEmail: "it@customer.example" });
    expect(refreshed.props).toMatchObject({ status: "active" });

    server.requests.length = 0;
    await r.delete(created.id, updated);
    // Gone already: the recorded "does not exist" FAILURE counts as deleted.
    await r.delete(created.id, updated);
    expect(server.writes()).toEqual(["POST /api/mail/user/delete.json", "POST /api/mail/user/delete.json"]);
    expect((await r.read(created.id, updated)).id).toBe("");
  });

  it.each(["SUCCESS", "FAILURE"] as const)(
    "reads an empty search ('No Records found', status %s) as gone",
    async (status) => {
      emptySearch = status;
      const r = users();
      expect(
        (await r.read("1001/nobody@customer.example", { ...box, email: "nobody@customer.example" })).id,
      ).toBe("");
    },
  );

  it("takes over the mailbox a lost add created, never sending the add twice", async () => {
    server.dropAfter("POST", "/mail/user/add.json");
    const created = await users().create(box);
    expect(created.id).toBe("1001/office@customer.example");
    expect(server.writes()).toEqual(["POST /api/mail/user/add.json"]);
  });

  it("turns the recorded 'already registered' into the differences and the adopt to set, and adopts with no write", async () => {
    await users().create(box);
    server.requests.length = 0;
    // The address is taken by a mailbox that differs from the program: not taken over.
    await expect(users().create({ ...box, firstName: "Someone" })).rejects.toThrow(
      /emailaddress_unique_key_voilation: Email address is already registered with us.*firstName: program "Someone", live "Office".*adopt: "1001\/office@customer\.example"/,
    );
    expect(server.writes()).toEqual(["POST /api/mail/user/add.json"]);
    server.requests.length = 0;
    const adopted = await users().create({ ...box, adopt: "1001/office@customer.example" });
    expect(adopted.id).toBe("1001/office@customer.example");
    expect(server.writes()).toEqual([]);
    await expect(
      users().create({ ...box, firstName: "Someone", adopt: "1001/office@customer.example" }),
    ).rejects.toThrow(/firstName: program "Someone", live "Office"/);
  });

  it.each([200, 500])(
    "names the order whose free email is not activated (the top-level message, HTTP %i)",
    async (status) => {
      freeMailNotActivated = status;
      const err = (await users()
        .read("1001/office@customer.example", box)
        .catch((e: unknown) => e)) as Error;
      expect(err.message).toContain(
        `ResellerClub: could not look up mail user (office@customer.example on order 1001, page 1): HTTP ${status} ERROR: You need to activate your FREE Email Services`,
      );
      expect(err.message).toContain("The free email service of order 1001 is not activated");
      expect(err.message).not.toContain("UnexpectedResponse");
      expect(err.message).not.toContain(API_KEY);
    },
  );

  it("never shows the API key in an error", async () => {
    server.dropAfter("GET", "/mail/users/search.json");
    const err = await users()
      .read("1001/office@customer.example", box)
      .catch((e: Error) => e);
    expect(String(err)).not.toContain(API_KEY);
  });
});

describe("resellerclub.ForwardOnlyAccount against recorded answers", () => {
  const fwd = { orderId: "1001", email: "sales@customer.example", forwards: ["a@x.example", "b@x.example"] };

  it("creates, reads adminForwards, changes them with the admin-forwards calls, adopts, deletes", async () => {
    const r = forwarders();
    const created = await r.create(fwd);
    expect(server.writes()).toEqual(["POST /api/mail/user/add-forward-only-account.json"]);

    server.requests.length = 0;
    expect(await r.diff(created.id, created.props, await r.check(fwd, created.props))).toMatchObject({
      changes: "none",
    });
    expect(server.requests).toEqual([]);

    server.requests.length = 0;
    const news = { ...fwd, forwards: ["b@x.example", "c@x.example"] };
    const updated = await r.update(created.id, created.props, news);
    expect(server.writes()).toEqual([
      "POST /api/mail/user/add-admin-forwards.json",
      "POST /api/mail/user/delete-admin-forwards.json",
    ]);
    const refreshed = await r.read(created.id, updated);
    expect(refreshed.inputs).toMatchObject({ forwards: ["b@x.example", "c@x.example"] });

    server.requests.length = 0;
    const adopted = await r.create({ ...news, adopt: "1001/sales@customer.example" });
    expect(adopted.id).toBe(created.id);
    expect(server.writes()).toEqual([]);
    // A mailbox another resource of this run holds is never adopted: refused before any call.
    await users().create(box);
    server.requests.length = 0;
    await expect(r.create({ ...fwd, email: box.email, adopt: `1001/${box.email}` })).rejects.toThrow(
      /resellerclub\.MailUser "box" holds the ResellerClub address "office@customer\.example" in this stack/,
    );
    expect(server.requests).toEqual([]);
    // A mailbox is not a forward-only account: adopting one (made in an earlier run) says so.
    const nextRun = await startDynamicHost(hostConfig());
    try {
      const later = lifecycle(
        nextRun,
        "resellerclub-forward-only-account",
        "resellerclub:ForwardOnlyAccount",
        "fwd",
      );
      await expect(later.create({ ...fwd, email: box.email, adopt: `1001/${box.email}` })).rejects.toThrow(
        /kind: program "forward-only account", live "mailbox"/,
      );
    } finally {
      nextRun.stop();
    }

    await r.delete(created.id, updated);
    await r.delete(created.id, updated);
    expect((await r.read(created.id, updated)).id).toBe("");
  });

  it("takes over the account a lost add created, never sending the add twice", async () => {
    server.dropAfter("POST", "/mail/user/add-forward-only-account.json");
    const created = await forwarders().create(fwd);
    expect(created.id).toBe("1001/sales@customer.example");
    expect(server.writes()).toEqual(["POST /api/mail/user/add-forward-only-account.json"]);
  });
});
