/**
 * The outMail lookups programs call, against the sandbox. Outside a Pulumi run there is no stack
 * config, so this also proves the MAILRESELLER_PARTNER_* environment fallback.
 */
import { outmail } from "../../provider";
import { Sandbox, startSandbox } from "../../sandbox/server";
import { sandboxEnv } from "../harness/sandbox-config";

let sandbox: Sandbox;
const saved = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  Object.assign(process.env, sandboxEnv(sandbox.url));
});
afterAll(async () => {
  process.env = saved;
  await sandbox.close();
});

test("getServiceNames lists tariffs with credit costs and the balance, filtered by product", async () => {
  const all = await outmail.getServiceNames();
  const only = await outmail.getServiceNames({ product: "outMail" });
  expect(only.partnerCredits).toBe(sandbox.partner.partnerCredits);
  expect(only.serviceNames).toContainEqual({ serviceName: "Outmail500", product: "outMail", credits: 10 });
  expect(only.serviceNames.every((s) => s.product === "outMail")).toBe(true);
  expect(all.serviceNames.length).toBeGreaterThan(only.serviceNames.length);
});

test("listClients and searchClients return typed clients", async () => {
  const clients = await outmail.listClients();
  expect(clients.map((c) => c.id)).toEqual(expect.arrayContaining(["9987606", "987606"]));
  // A term searches usernames (KB 395's 'username LIKE'); criteria are the expression's own pairs.
  const found = await outmail.searchClients("brennan");
  expect(found).toEqual([
    expect.objectContaining({
      id: "9987606",
      username: "alice@brennan-logistics.example",
      surname: "Brennan",
      active: true,
    }),
  ]);
  expect((await outmail.searchClients({ "id >": "9987600", "id <": "9987610" })).map((c) => c.id)).toEqual([
    "9987606",
  ]);
  expect(await outmail.searchClients("no-such-client-anywhere")).toEqual([]);
  await expect(outmail.searchClients({ username: "o'brien" })).rejects.toThrow(/may not contain ' or !/);
});
