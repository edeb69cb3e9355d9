/**
 * `GET /__sandbox/ledger`: per vendor, every billable object the sandbox holds and the credits or money
 * moved, so soak and import tests can compare it with Pulumi state. No password, key or token in it.
 */
import axios from "axios";

import { SEED_PORTAL_LIVE_SERVICES } from "../../sandbox/partner/seed";
import {
  DEFAULT_MAILPARTNER_API_KEY,
  DEFAULT_PARTNER_API_KEY,
  DEFAULT_PARTNER_ID,
  DEFAULT_RESELLERCLUB_API_KEY,
  DEFAULT_RESELLERCLUB_AUTH_USERID,
  MAILPARTNER_PREFIX,
  type Sandbox,
  startSandbox,
} from "../../sandbox/server";

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, partnerCredits: 100, mailpartnerBalance: 50 });
});
afterAll(async () => {
  await sandbox.close();
});

test("lists the partner's live services of every product, with who suspended them", async () => {
  sandbox.reset();
  const partner = axios.create({
    baseURL: `${sandbox.url}/partner/api-v1`,
    auth: { username: DEFAULT_PARTNER_ID, password: DEFAULT_PARTNER_API_KEY },
  });
  const created = await partner.post("/outmails", {
    service_name: "Outmail500",
    client_id: "987606",
    username: "ledger-products",
    password: "ledger-password-2",
  });
  await partner.patch(`/live_services/${String(created.data.data.live_service_id)}`, { status: "suspended" });
  sandbox.partner.suspendBySystem("1234803");

  // The seeded portal services first (no outMail record, so no outmailId and no username), then ours.
  expect(sandbox.ledger().partner).toEqual({
    balance: 90,
    charged: 10,
    liveServices: [
      ...SEED_PORTAL_LIVE_SERVICES.map((s) => ({
        id: s.id,
        product: s.product,
        serviceName: s.tariff_service_name,
        clientId: s.client_id,
        status: s.id === "1234803" ? "suspended" : "active",
        suspendedBy: s.id === "1234803" ? "system" : null,
      })),
      {
        id: "1234931",
        product: "outMail",
        outmailId: "500001",
        serviceName: "Outmail500",
        clientId: "987606",
        username: "ledger-products",
        status: "suspended",
        suspendedBy: "partner",
      },
    ],
  });
  expect((await axios.get(`${sandbox.url}/__sandbox/ledger`)).data.partner).toEqual(sandbox.partner.ledger());
  for (const s of sandbox.partner.ledger().liveServices.filter((l) => l.product !== "outMail")) {
    expect(Object.keys(s)).not.toContain("username");
    expect(Object.keys(s)).not.toContain("outmailId");
  }
  sandbox.reset();
});

test("lists what each vendor bills for and what was charged, without secrets", async () => {
  const partner = axios.create({
    baseURL: `${sandbox.url}/partner/api-v1`,
    auth: { username: DEFAULT_PARTNER_ID, password: DEFAULT_PARTNER_API_KEY },
  });
  const created = await partner.post("/outmails", {
    service_name: "Outmail500",
    client_id: "9987606",
    username: "ledger-relay",
    password: "ledger-password-1",
  });
  const liveServiceId = String(created.data.data.live_service_id);
  await partner.patch(`/live_services/${liveServiceId}`, { tariff_service_name: "Outmail1000" });
  await axios.post(
    `${sandbox.url}/resellerclub/api/mail/user/add-forward-only-account.json`,
    new URLSearchParams({
      "auth-userid": DEFAULT_RESELLERCLUB_AUTH_USERID,
      "api-key": DEFAULT_RESELLERCLUB_API_KEY,
      "order-id": "1001",
      email: "sales@customer.example",
      forwards: "office@customer.example",
    }),
  );
  const sub = await axios.post(`${sandbox.url}${MAILPARTNER_PREFIX}/subaccount/create`, {
    apiKey: DEFAULT_MAILPARTNER_API_KEY,
    type: "simple",
    parameters: { creditToAttribute: 12.5 },
  });

  const ledger = (await axios.get(`${sandbox.url}/__sandbox/ledger`)).data;
  expect(ledger).toEqual(sandbox.ledger());
  expect(ledger.partner).toMatchObject({
    balance: 80, // 100 - 10 (create Outmail500) - 10 (regrade to Outmail1000)
    charged: 20,
  });
  expect(ledger.partner.liveServices).toContainEqual(
    expect.objectContaining({ id: liveServiceId, serviceName: "Outmail1000", username: "ledger-relay" }),
  );
  expect(ledger.resellerclub.mailboxes).toEqual([
    {
      orderId: 1001,
      email: "sales@customer.example",
      accountType: "forward_only",
      forwards: ["office@customer.example"],
    },
  ]);
  expect(ledger.mailpartner).toEqual({
    balance: 37.5,
    moved: 12.5,
    subaccounts: [{ email: sub.data.subaccount.email, type: "simple", credit: 12.5 }],
  });
  expect(ledger.mailup).toEqual({ accounts: [], packs: [] });
  const text = JSON.stringify(ledger);
  for (const secret of ["ledger-password-1", sub.data.subaccount.token, DEFAULT_PARTNER_API_KEY]) {
    expect(text).not.toContain(secret);
  }

  sandbox.reset();
  expect(sandbox.ledger()).toMatchObject({
    partner: { balance: 100, charged: 0 },
    mailpartner: { moved: 0 },
  });
});
