/**
 * Every resource's whole lifecycle through Pulumi's real dynamic-provider host against the sandbox, the
 * same way the contract tests run it against recorded vendor answers: create, an unchanged preview with no
 * vendor call, an update in place, a refresh with no drift, adopt with no write, delete twice, and a
 * create whose answer was lost. Needs the package installed into examples/ (`npm test` does it).
 */
import { DynamicHost, HostError, startDynamicHost } from "../harness/dynamic-host";
import { sandboxStackConfig } from "../../sandbox/provider-config";
import { Sandbox, startSandbox } from "../../sandbox/server";
import { lifecycle } from "./lifecycle";

jest.setTimeout(120_000);

type Props = Record<string, unknown>;

let sandbox: Sandbox;
let host: DynamicHost;
let n = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, mailupActivationPolls: 0 });
  const config = Object.fromEntries(
    Object.entries(sandboxStackConfig(sandbox.url)).map(([k, v]) => [k, v.value]),
  );
  host = await startDynamicHost(config);
});

afterAll(async () => {
  host?.stop();
  await sandbox?.close();
});

const writes = () => sandbox.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/OAuth/Token"));

/** A MailUp account to hang packs on, made through the host too. */
async function mailupAccountId(): Promise<string> {
  n += 1;
  const account = await lifecycle(host, "mailup-account", "mailup:Account", `acct${n}`).create(
    consoleArgs(n),
  );
  return String(account.props.accountId);
}

function consoleArgs(i: number): Props {
  return {
    profile: "Economy",
    language: "EN",
    ipAddress: "192.0.2.10",
    email: `service${i}@retailer.example`,
    customDomain: "power-email-marketing.example",
    customSubdomain: `lifecycle${i}`,
    serviceName: "Power email marketing",
    serviceUrl: "www.power-email-marketing.example/info",
    serviceLogoutUrl: "www.power-email-marketing.example",
  };
}

interface Case {
  shim: string;
  type: string;
  args: () => Promise<Props>;
  /** An in-place change, or undefined where the vendor has none (MailPartner). */
  update?: (args: Props) => Props;
  adopt: (created: { id: string; props: Props }) => string;
  /** The create request whose answer is lost, and what follows: recovered, or an error saying this. */
  lost: { path: string; outcome: "recovered" | RegExp };
  /** False where deleting leaves the object findable (MailPartner has no delete; packs go at month end). */
  goneAfterDelete: boolean;
}

const cases: Record<string, Case> = {
  "outmail.Service": {
    shim: "outmail-service",
    type: "outmail:Service",
    args: async () => ({
      clientId: "9987606",
      serviceName: "Outmail500",
      username: `lifecycle-relay-${++n}`,
      password: "relay-password-1",
    }),
    update: (a) => ({ ...a, serviceName: "Outmail1000" }),
    adopt: (c) => c.id,
    lost: { path: "/outmails", outcome: "recovered" },
    goneAfterDelete: true,
  },
  "resellerclub.MailUser": {
    shim: "resellerclub-mail-user",
    type: "resellerclub:MailUser",
    args: async () => ({
      orderId: "1001",
      email: `box${++n}@customer.example`,
      password: "mailbox-password-1",
      notificationEmail: "it@customer.example",
      firstName: "Office",
      lastName: "Mailbox",
      countryCode: "GB",
      languageCode: "en",
    }),
    update: (a) => ({ ...a, lastName: "Desk" }),
    adopt: (c) => c.id,
    lost: { path: "/mail/user/add.json", outcome: "recovered" },
    goneAfterDelete: true,
  },
  "resellerclub.ForwardOnlyAccount": {
    shim: "resellerclub-forward-only-account",
    type: "resellerclub:ForwardOnlyAccount",
    args: async () => ({ orderId: "1001", email: `fwd${++n}@customer.example`, forwards: ["a@x.example"] }),
    update: (a) => ({ ...a, forwards: ["b@x.example", "c@x.example"] }),
    adopt: (c) => c.id,
    lost: { path: "/mail/user/add-forward-only-account.json", outcome: "recovered" },
    goneAfterDelete: true,
  },
  "mailup.Account": {
    shim: "mailup-account",
    type: "mailup:Account",
    args: async () => consoleArgs(++n),
    update: (a) => ({ ...a, enabled: false }),
    adopt: (c) => String(c.props.accountId),
    lost: { path: "/Account/Activation/Profile/", outcome: /The outcome is unknown.*MailUp console/ },
    goneAfterDelete: true,
  },
  "mailup.AccountPack": {
    shim: "mailup-account-pack",
    type: "mailup:AccountPack",
    args: async () => ({ accountId: await mailupAccountId(), pack: "Crediti300", quantity: 3 }),
    update: (a) => ({ ...a, quantity: 5 }),
    adopt: (c) => c.id,
    // Setting an absolute quantity is idempotent: the request layer sends it again.
    lost: { path: "/Pack/", outcome: "recovered" },
    goneAfterDelete: false,
  },
  "mailpartner.Subaccount": {
    shim: "mailpartner-subaccount",
    type: "mailpartner:Subaccount",
    args: async () => ({ type: "advanced", email: `shop${++n}@customer.example`, isBuyer: false }),
    adopt: (c) => c.id,
    lost: { path: "/subaccount/create", outcome: /now exists at MailPartner.*adopt/ },
    goneAfterDelete: false,
  },
};

describe.each(Object.entries(cases))(
  "%s through the dynamic-provider host against the sandbox",
  (_name, c) => {
    const r = () => lifecycle(host, c.shim, c.type, "it");

    it("creates, previews unchanged with no call, updates in place, refreshes without drift, adopts with no write, deletes twice", async () => {
      const args = await c.args();
      const created = await r().create(args);
      expect(created.id).not.toBe("");

      sandbox.requestLog.clear();
      expect(await r().diff(created.id, created.props, await r().check(args, created.props))).toMatchObject({
        changes: "none",
      });
      expect(sandbox.requests).toEqual([]);

      let state = created.props;
      let wanted = args;
      if (c.update) {
        wanted = c.update(args);
        const news = await r().check(wanted, state);
        expect(await r().diff(created.id, state, news)).toMatchObject({ changes: "some", replaces: [] });
        state = await r().update(created.id, state, wanted);
      }

      const refreshed = await r().read(created.id, state);
      expect(refreshed.id).toBe(created.id);
      expect(
        await r().diff(created.id, refreshed.props, await r().check(wanted, refreshed.props)),
      ).toMatchObject({
        changes: "none",
      });

      sandbox.requestLog.clear();
      const adopted = await r().create({ ...wanted, adopt: c.adopt(created) });
      expect(adopted.id).not.toBe("");
      expect(writes()).toEqual([]);

      await r().delete(created.id, refreshed.props);
      await r().delete(created.id, refreshed.props);
      if (c.goneAfterDelete) expect((await r().read(created.id, refreshed.props)).id).toBe("");
    });

    it("never sends a create twice when its answer is lost", async () => {
      const args = await c.args();
      sandbox.requestLog.clear();
      sandbox.faults.add({ method: "POST", path: c.lost.path, kind: "drop-after-write" });
      const result = await r()
        .create(args)
        .catch((e: unknown) => e);
      const creates = sandbox.requests.filter((q) => q.method === "POST" && q.path.includes(c.lost.path));
      if (c.lost.outcome === "recovered") {
        expect(result).toMatchObject({ id: expect.any(String) });
        // Resent only where the write is idempotent (an absolute pack quantity).
        expect(creates.length).toBe(c.type === "mailup:AccountPack" ? 2 : 1);
      } else {
        expect(result).toBeInstanceOf(HostError);
        expect((result as HostError).message).toMatch(c.lost.outcome);
        expect(creates).toHaveLength(1);
      }
    });
  },
);
