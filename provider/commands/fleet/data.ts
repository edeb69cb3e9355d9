/**
 * The fleet's data file, read as customers: the unit that is sharded, so a customer's resources always
 * stay in one stack. Two formats:
 *
 * - `customers`: the GitOps data file (examples/gitops/customers.json), `{ "customers": [{ "id": …, … }] }`;
 *   each entry is one customer, handed to the program as it is.
 * - `import-plan`: what `pulumi-mailreseller import-plan` writes. A plan lists vendor objects, not
 *   customers, so its objects are grouped by the vendor's own unit of customer: a Partner API client
 *   (`clientId`), a ResellerClub order, a MailUp account with its packs, a MailPartner sub-account. A
 *   customer is `{ id, resources }`, with `resources` in the plan's form.
 */
import * as fs from "node:fs";
import { isDeepStrictEqual } from "node:util";

import { z } from "zod";

import { CommandError } from "../../core/transport/errors";

/** The formats a fleet's data file may have. */
export const FLEET_DATA_FORMATS = ["customers", "import-plan"] as const;
export type FleetDataFormat = (typeof FLEET_DATA_FORMATS)[number];

/** One customer: its id (what the shard rule reads) and everything the program declares for it. */
export interface FleetCustomer {
  id: string;
  [key: string]: unknown;
}

const customerId = z
  .string()
  .min(1)
  .max(200)
  .regex(
    // It names the customer's component resource, so nothing a URN reserves (`::`, `$`).
    /^[A-Za-z0-9][A-Za-z0-9._@-]*$/,
    "letters, digits and . _ @ - (starting with a letter or digit)",
  );

const customersFile = z.object({ customers: z.array(z.looseObject({ id: customerId })) });

const plannedResource = z.looseObject({
  type: z.string(),
  name: z.string(),
  adopt: z.string(),
  args: z.record(z.string(), z.unknown()),
});
const importPlanFile = z.looseObject({ resources: z.array(plannedResource) });
type PlannedResource = z.infer<typeof plannedResource>;

/**
 * The customer a planned object belongs to, by the vendor's own unit of customer; a pack goes with its
 * account, so the two are never split across stacks.
 */
export function planCustomerOf(r: PlannedResource): string {
  const arg = (key: string): string | undefined => {
    const v = r.args[key];
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  switch (r.type) {
    case "outmail.Service":
    case "partner.LiveService": {
      const client = arg("clientId");
      return client !== undefined ? `partner-client-${client}` : `partner-live-service-${r.adopt}`;
    }
    case "resellerclub.MailUser":
    case "resellerclub.ForwardOnlyAccount":
      return `resellerclub-order-${arg("orderId") ?? r.adopt.split("/")[0]}`;
    case "mailup.Account":
      return `mailup-account-${r.adopt}`;
    case "mailup.AccountPack":
      return `mailup-account-${arg("accountId") ?? r.adopt.split("/")[0]}`;
    default:
      return `${r.type.split(".")[0]}-${r.adopt}`.toLowerCase();
  }
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

/** Reads the data file as customers; fails naming the file and the entry when it is not of its format. */
export function readFleetData(file: string, format: FleetDataFormat): FleetCustomer[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new CommandError(`cannot read the fleet's data file ${file}: ${(err as Error).message}`);
  }
  if (format === "customers") {
    const parsed = customersFile.safeParse(json);
    if (!parsed.success) {
      throw new CommandError(`${file} is not a customers file: ${issuesOf(parsed.error)}`);
    }
    const seen = new Set<string>();
    for (const c of parsed.data.customers) {
      if (seen.has(c.id)) throw new CommandError(`${file}: customer id ${c.id} appears twice`);
      seen.add(c.id);
    }
    return parsed.data.customers;
  }
  const parsed = importPlanFile.safeParse(json);
  if (!parsed.success) throw new CommandError(`${file} is not an import plan: ${issuesOf(parsed.error)}`);
  const byCustomer = new Map<string, PlannedResource[]>();
  for (const r of parsed.data.resources) {
    const id = planCustomerOf(r);
    const resources = byCustomer.get(id);
    if (resources === undefined) byCustomer.set(id, [r]);
    else resources.push(r);
  }
  return [...byCustomer].map(([id, resources]) => ({ id, resources }));
}

/**
 * The customers a change of the data file touches: added, removed, or with any field changed. A pull
 * request's preview needs only their shards: every other customer's declaration is the same as the base's.
 */
export function changedCustomers(base: readonly FleetCustomer[], head: readonly FleetCustomer[]): string[] {
  const before = new Map(base.map((c) => [c.id, c]));
  const after = new Map(head.map((c) => [c.id, c]));
  const ids = new Set([...before.keys(), ...after.keys()]);
  return [...ids].filter((id) => !isDeepStrictEqual(before.get(id), after.get(id))).sort();
}
