// A reseller's fleet as data: one entry per customer in customers.json (or the file named by
// FLEET_DATA), each with its outMail tariff, MailUp profile and packs. A pull request changes the data;
// CI previews it against the sandbox with the policy pack (see README.md in this folder).
import * as fs from "node:fs";
import * as path from "node:path";

import * as pulumi from "@pulumi/pulumi";
import { mailup, outmail } from "pulumi-mailreseller";

interface Customer {
  /** Lower-case letters and digits: used in resource names, the SMTP username and the MailUp subdomain. */
  id: string;
  outmailClientId: string;
  outmailTier: string;
  mailupProfile: string;
  mailupPacks: { pack: string; quantity: number }[];
}

const file = process.env.FLEET_DATA ?? path.join(__dirname, "customers.json");
const { customers } = JSON.parse(fs.readFileSync(file, "utf8")) as { customers: Customer[] };
const config = new pulumi.Config();

export const fleet: Record<string, pulumi.Output<string>> = {};
for (const c of customers) {
  new outmail.Service(`${c.id}-relay`, {
    clientId: c.outmailClientId,
    serviceName: c.outmailTier,
    username: `${c.id}-relay`,
    password: config.requireSecret("relayPassword"),
  });
  const account = new mailup.Account(`${c.id}-console`, {
    profile: c.mailupProfile,
    language: "EN",
    ipAddress: "192.0.2.10",
    email: `marketing@${c.id}.example`,
    customDomain: `${c.id}.example`,
    customSubdomain: `news-${c.id}`,
    serviceName: `${c.id} newsletters`,
    serviceUrl: `www.${c.id}.example/news`,
    serviceLogoutUrl: `www.${c.id}.example`,
  });
  for (const p of c.mailupPacks) {
    new mailup.AccountPack(`${c.id}-${p.pack.toLowerCase()}`, {
      accountId: account.accountId,
      pack: p.pack,
      quantity: p.quantity,
    });
  }
  fleet[c.id] = account.accountId;
}
