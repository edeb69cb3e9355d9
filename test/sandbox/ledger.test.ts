/**
 * `GET /__sandbox/ledger`: per vendor, every billable object the sandbox holds and the credits or money
 * moved, so soak and import tests can compare it with Pulumi state. No password, key or token in it.
 */
import axios from "axios";

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
