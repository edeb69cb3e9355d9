// One customer of the fleet: one outMail relay, one MailUp console and its packs. The single-stack
// program (index.ts) declares every customer with it; `pulumi-mailreseller fleet` declares each shard's
// customers with it (mailreseller-fleet.json names this module as the fleet's program).
import * as pulumi from "@pulumi/pulumi";
import { mailup, outmail } from "pulumi-mailreseller";

export interface Customer {
  /** Lower-case letters and digits: used in resource names, the SMTP username and the MailUp subdomain. */
  id: string;
  outmailClientId: string;
  outmailTier: string;
  mailupProfile: string;
  mailupPacks: { pack: string; quantity: number }[];
}

/** Declares the customer's resources (with `opts`, e.g. the fleet's component as parent); returns its MailUp account id. */
export function declareCustomer(c: Customer, opts: pulumi.CustomResourceOptions = {}): pulumi.Output<string> {
  const config = new pulumi.Config();
  new outmail.Service(
    `${c.id}-relay`,
    {
      clientId: c.outmailClientId,
      serviceName: c.outmailTier,
      username: `${c.id}-relay`,
      password: config.requireSecret("relayPassword"),
    },
    opts,
  );
  const account = new mailup.Account(
    `${c.id}-console`,
    {
      profile: c.mailupProfile,
      language: "EN",
      ipAddress: "192.0.2.10",
      email: `marketing@${c.id}.example`,
      customDomain: `${c.id}.example`,
      customSubdomain: `news-${c.id}`,
      serviceName: `${c.id} newsletters`,
      serviceUrl: `www.${c.id}.example/news`,
      serviceLogoutUrl: `www.${c.id}.example`,
    },
    opts,
  );
  for (const p of c.mailupPacks) {
    new mailup.AccountPack(
      `${c.id}-${p.pack.toLowerCase()}`,
      { accountId: account.accountId, pack: p.pack, quantity: p.quantity },
      opts,
    );
  }
  return account.accountId;
}
