// A fleet declared from an import plan (`npx pulumi-mailreseller import-plan … --out fleet.json`): every
// planned object becomes its resource with `adopt` set (a partner.LiveService is taken over by its
// liveServiceId instead), so the first `pulumi up` takes the live objects over without writing anything
// at the vendors. FLEET_PLAN names the plan file (default ./fleet.json). Write-only secrets (passwords)
// come from stack config under the keys the plan lists.
import * as fs from "node:fs";
import * as path from "node:path";

import * as pulumi from "@pulumi/pulumi";
import { mailpartner, mailup, outmail, partner, resellerclub } from "pulumi-mailreseller";

interface PlannedResource {
  type: string;
  name: string;
  adopt: string;
  args: Record<string, unknown>;
  secrets?: Record<string, string>;
  missing?: string[];
}

const file = process.env.FLEET_PLAN ?? path.join(__dirname, "fleet.json");
const plan = JSON.parse(fs.readFileSync(file, "utf8")) as { resources: PlannedResource[] };
const config = new pulumi.Config();

/**
 * The planned arguments plus the secrets from config and `adopt` (but for a partner.LiveService, which
 * takes its liveServiceId over and has no `adopt` input).
 */
function argsOf(r: PlannedResource): Record<string, unknown> {
  // What the vendor does not report must be filled into the plan by hand (the plan's notes say so).
  const unfilled = (r.missing ?? []).filter((arg) => r.args[arg] === undefined);
  if (unfilled.length > 0) {
    throw new Error(
      `${file}: ${r.type} ${r.name} needs ${unfilled.join(", ")} in its args (the vendor does not report them; take them from its console)`,
    );
  }
  const secrets = Object.fromEntries(
    Object.entries(r.secrets ?? {}).map(([arg, key]) => [arg, config.requireSecret(key)]),
  );
  return r.type === "partner.LiveService"
    ? { ...r.args, ...secrets }
    : { ...r.args, ...secrets, adopt: r.adopt };
}

export const adopted: Record<string, pulumi.Output<string>> = {};
for (const r of plan.resources) {
  // The plan was read from the vendors: its arguments have each resource's shape.
  const args = argsOf(r) as never;
  const resource =
    r.type === "outmail.Service"
      ? new outmail.Service(r.name, args)
      : r.type === "partner.LiveService"
        ? new partner.LiveService(r.name, args)
        : r.type === "resellerclub.MailUser"
          ? new resellerclub.MailUser(r.name, args)
          : r.type === "resellerclub.ForwardOnlyAccount"
            ? new resellerclub.ForwardOnlyAccount(r.name, args)
            : r.type === "mailup.Account"
              ? new mailup.Account(r.name, args)
              : r.type === "mailup.AccountPack"
                ? new mailup.AccountPack(r.name, args)
                : r.type === "mailpartner.Subaccount"
                  ? new mailpartner.Subaccount(r.name, args)
                  : undefined;
  if (resource === undefined) throw new Error(`${file}: unknown resource type ${r.type} (${r.name})`);
  adopted[r.name] = resource.id;
}
