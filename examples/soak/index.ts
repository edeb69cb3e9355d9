// The fault soak's program (`npm run soak`, soak/driver.ts): a fleet read from the JSON file SOAK_FLEET
// names, rewritten by the driver before every `pulumi up`. Relays are outMail services, consoles MailUp
// accounts with one pack each, forwarders ResellerClub forward-only accounts. An `adopt` in the data is
// what an operator sets after an error said the object exists but its answer was lost.
import * as fs from "node:fs";

import * as pulumi from "@pulumi/pulumi";
import { mailup, outmail, resellerclub } from "pulumi-mailreseller";

interface Relay {
  key: string;
  tier: string;
  adopt?: string;
}
interface Console {
  key: string;
  profile: string;
  packQuantity: number;
  adopt?: string;
}
interface Forwarder {
  key: string;
  forwards: string[];
  adopt?: string;
}
interface Fleet {
  relays: Relay[];
  consoles: Console[];
  forwarders: Forwarder[];
}

const file = process.env.SOAK_FLEET;
if (!file) throw new Error("SOAK_FLEET must name the fleet file (soak/driver.ts sets it)");
const fleet = JSON.parse(fs.readFileSync(file, "utf8")) as Fleet;
const password = new pulumi.Config().requireSecret("soakPassword");

for (const r of fleet.relays) {
  new outmail.Service(r.key, {
    clientId: "9987606",
    serviceName: r.tier,
    username: r.key,
    password,
    adopt: r.adopt,
  });
}
for (const c of fleet.consoles) {
  const account = new mailup.Account(c.key, {
    profile: c.profile,
    language: "EN",
    ipAddress: "192.0.2.10",
    email: `${c.key}@customer.example`,
    customDomain: "customer.example",
    customSubdomain: c.key,
    serviceName: "Soak",
    serviceUrl: "www.customer.example/soak",
    serviceLogoutUrl: "www.customer.example",
    adopt: c.adopt,
  });
  new mailup.AccountPack(`${c.key}-credits`, {
    accountId: account.accountId,
    pack: "Crediti300",
    quantity: c.packQuantity,
  });
}
for (const f of fleet.forwarders) {
  new resellerclub.ForwardOnlyAccount(f.key, {
    orderId: "1001",
    email: `${f.key}@customer.example`,
    forwards: f.forwards,
    adopt: f.adopt,
  });
}
