/**
 * `pulumi-mailreseller import-plan`: an inventory of what already lives at the vendors, written as a data
 * file that `examples/fleet` (or any program) turns into resources with `adopt` set, so a brownfield
 * fleet comes under Pulumi without a single write at a vendor. Pulumi's own import cannot do this for
 * dynamic-provider resources (DESIGN.md); for the native provider's, the same plan is also written as
 * Pulumi's bulk import file (`pulumiImportFile`, `--import-file`), so `pulumi import --file` takes a whole
 * estate over from any language.
 *
 * It reads through the provider's own clients, with the credentials from the same environment variables
 * (`MAILRESELLER_*`). Where a vendor has no call to list its objects, the plan says so in `notes` instead
 * of guessing.
 */
import { CommandError } from "../core/transport/errors";
import { unlessGone } from "../core/transport/gone";
import { mailpartnerClientFromConfig, subaccountArgsOf } from "../mailpartner/client";
import { accountArgsOf, accountPackArgsOf, mailupClientFromConfig } from "../mailup/client";
import {
  type LiveServiceRecord,
  type OutmailRecord,
  liveServiceArgsOf,
  partnerApiFromConfig,
  outmailArgsOf,
} from "../partner/client";
import { PARTNER_PRODUCTS, partnerProduct } from "../partner/products";
import { forwardArgsOf, mailboxArgsOf, resellerclubClientFromConfig } from "../resellerclub/client";
import { type ResourceLabel, labelOfType, nativeTypeToken, typeToken } from "../core/protocol/type-tokens";
import { VENDOR_NAMES, type VendorName } from "../core/protocol/vendors";

/**
 * The vendors a plan reads, by their ids (`partner` is the outMail Partner API: its outMail services and
 * its live services of every other product); a user may name one by any of its names (core/protocol/vendors).
 */
export const IMPORT_PLAN_VENDORS = VENDOR_NAMES;
export type ImportPlanVendor = VendorName;

/**
 * One object to adopt: the resource type, a stable readable name, its `adopt` id and its arguments. A
 * `partner.LiveService` has no `adopt` input (creating it takes the service named by its `liveServiceId`
 * over): its `adopt` is that same id, the id the resource will have, for the orphan check and the program.
 */
export interface PlannedResource {
  type:
    | "outmail.Service"
    | "partner.LiveService"
    | "resellerclub.MailUser"
    | "resellerclub.ForwardOnlyAccount"
    | "mailup.Account"
    | "mailup.AccountPack"
    | "mailpartner.Subaccount";
  name: string;
  adopt: string;
  /** The resource's arguments as they are live, without secrets. */
  args: Record<string, unknown>;
  /**
   * Write-only secret arguments the vendor never returns, by argument: the config key the program reads
   * them from (`pulumi config set --secret KEY …`). Adopting never changes or checks them.
   */
  secrets?: Record<string, string>;
  /**
   * Required arguments the vendor's reads do not report: fill them into `args` (from the vendor's
   * console) before adopting. Adopting cannot compare them, so they are taken as written.
   */
  missing?: string[];
}

export interface ImportPlan {
  version: 1;
  generatedAt: string;
  vendors: ImportPlanVendor[];
  resources: PlannedResource[];
  /** What the plan could not cover, and why. */
  notes: string[];
}

export interface ImportPlanOptions {
  vendors: readonly ImportPlanVendor[];
  /** ResellerClub lists mail accounts per order only: the orders to read. */
  resellerclubOrderIds?: readonly string[];
  /** MailUp has no call that lists a retailer's accounts: the account ids to read. */
  mailupAccountIds?: readonly string[];
}

/** Resource names: lower-case, readable, stable for the same object. */
export function slug(...parts: string[]): string {
  return parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** A record's reading as plan arguments: a plan leaves out what the record leaves empty. */
function definedArgs(args: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined && v !== ""));
}

function outmailResource(o: OutmailRecord): PlannedResource {
  const name = slug("outmail", o.username);
  return {
    type: "outmail.Service",
    name,
    adopt: o.live_service_id,
    // The record's reading is the resource's own; a plan leaves out what the record leaves empty.
    args: definedArgs(outmailArgsOf(o)),
    secrets: { password: `${name}-password` },
  };
}

/**
 * The Partner API's live services: each outMail service as `outmail.Service` (from `GET /outmails`,
 * which reports its username, as before), then every other live service of `GET /live_services` as
 * `partner.LiveService`. Its product is the record's, else the one the tariff list files its tariff
 * under; where neither says, the entry lists `product` under "missing" rather than guess.
 */
async function partnerResources(): Promise<{ resources: PlannedResource[]; notes: string[] }> {
  const api = partnerApiFromConfig();
  const notes: string[] = [];
  // The live services first: one created between the two reads is then an outMail service of the second.
  // The list's form is our reading of KB 399: a vendor without it still has its outMail services planned.
  const listed = await unlessGone(() => api.listLiveServices());
  const live: LiveServiceRecord[] = listed ?? [];
  if (listed === undefined) {
    notes.push(
      "outmail: the Partner API does not serve GET /live_services (our reading of KB 399's list of live " +
        "services; it answered 404), so only outMail services are planned: declare live services of other " +
        "products as partner.LiveService by the live service ids the partner portal shows.",
    );
  }
  const outmails = await api.listOutmails();
  const resources = outmails.map(outmailResource);
  const outmailLiveIds = new Set(outmails.map((o) => o.live_service_id));
  const outmailIds = new Set(outmails.map((o) => o.id));
  const others = live.filter(
    (r) => !outmailLiveIds.has(r.id) && !(r.outmail_id != null && outmailIds.has(r.outmail_id)),
  );
  const catalogue = others.some((r) => r.product === undefined)
    ? (await api.listServiceNames()).serviceNames
    : [];
  const productOf = (r: LiveServiceRecord) =>
    r.product ?? catalogue.find((t) => t.serviceName === r.tariff_service_name)?.product;
  const unlisted: string[] = [];
  const unnamed: string[] = [];
  const unmanaged: string[] = [];
  for (const r of others) {
    const vendorProduct = productOf(r);
    const product = partnerProduct(vendorProduct);
    if (vendorProduct !== undefined && product === undefined) {
      unmanaged.push(`${r.id} (${vendorProduct})`);
      continue;
    }
    if (product === "outMail" && r.outmail_id != null) unlisted.push(`${r.id} (outMail id ${r.outmail_id})`);
    if (product === undefined) unnamed.push(r.id);
    resources.push({
      type: "partner.LiveService",
      name: slug(product ?? "live-service", r.id),
      adopt: r.id,
      args: definedArgs(liveServiceArgsOf(r, product)),
      ...(product === undefined ? { missing: ["product"] } : {}),
    });
  }
  if (unnamed.length > 0) {
    notes.push(
      `outmail: neither the record nor the tariff list (GET /live_services/service_names) says the product of ` +
        `live service(s) ${unnamed.join(", ")}: each partner.LiveService lists product under "missing"; fill it ` +
        `in (one of ${PARTNER_PRODUCTS.join(", ")}) from the partner portal before adopting.`,
    );
  }
  if (unlisted.length > 0) {
    notes.push(
      `outmail: GET /live_services lists outMail service(s) that GET /outmails does not: ${unlisted.join(", ")}. ` +
        "Without their username they are planned as partner.LiveService (product outMail), which manages " +
        "the tariff and suspension but not the password.",
    );
  }
  if (unmanaged.length > 0) {
    notes.push(
      `outmail: live service(s) of a product partner.LiveService does not manage (${PARTNER_PRODUCTS.join(", ")}) ` +
        `are left out of the plan: ${unmanaged.join(", ")}.`,
    );
  }
  return { resources, notes };
}

async function resellerclubResources(orderIds: readonly string[]): Promise<PlannedResource[]> {
  const client = resellerclubClientFromConfig();
  const planned: PlannedResource[] = [];
  for (const orderId of orderIds) {
    for (const u of await client.listUsers(orderId)) {
      const email = u.email.toLowerCase();
      const adopt = `${orderId}/${email}`;
      if (u.forwardOnly) {
        planned.push({
          type: "resellerclub.ForwardOnlyAccount",
          name: slug("forward", email),
          adopt,
          args: forwardArgsOf(orderId, u),
        });
      } else {
        const name = slug("mailbox", email);
        planned.push({
          type: "resellerclub.MailUser",
          name,
          adopt,
          args: { ...mailboxArgsOf(orderId, u) },
          secrets: { password: `${name}-password` },
        });
      }
    }
  }
  return planned;
}

/** The IP address MailUp recorded at activation is activation metadata, ignored after creation. */
const ADOPTED_IP_ADDRESS = "192.0.2.1";

async function mailupResources(accountIds: readonly string[]): Promise<PlannedResource[]> {
  const client = mailupClientFromConfig();
  const planned: PlannedResource[] = [];
  const profiles = await client.listProfiles();
  for (const id of accountIds) {
    const a = await client.getAccount(id);
    const accountName = slug("mailup", "account", id);
    const profile = profiles.find((p) => p.id === a.IdProfile);
    const found = accountArgsOf(a, profile?.name);
    const packNames = new Map((await client.listProfilePacks(a.IdProfile)).map((p) => [p.id, p.name]));
    planned.push({
      type: "mailup.Account",
      name: accountName,
      adopt: id,
      args: { profile: found.profile, ipAddress: ADOPTED_IP_ADDRESS, enabled: found.enabled },
      // MailUp's account status call reports no address, language, domains or service fields.
      missing: MAILUP_UNREPORTED_ARGS,
    });
    // A pack at 0 is one being removed at month end: nothing to manage.
    for (const p of a.ActivePacks.filter((p) => p.Quantity > 0)) {
      planned.push({
        type: "mailup.AccountPack",
        name: slug(accountName, packNames.get(p.Id) ?? `pack-${p.Id}`),
        adopt: `${id}/${p.Id}`,
        args: definedArgs(accountPackArgsOf(id, p)),
      });
    }
  }
  return planned;
}

/** The mailup.Account arguments MailUp's account status call does not report. */
const MAILUP_UNREPORTED_ARGS = [
  "language",
  "email",
  "customDomain",
  "customSubdomain",
  "serviceName",
  "serviceUrl",
  "serviceLogoutUrl",
];

async function mailpartnerResources(): Promise<PlannedResource[]> {
  const subaccounts = await mailpartnerClientFromConfig().listSubaccounts();
  return subaccounts.map((s) => {
    const { email, type = "simple" } = subaccountArgsOf(s);
    const advanced = type === "advanced";
    return {
      type: "mailpartner.Subaccount",
      name: slug("subaccount", email),
      adopt: email,
      args: {
        type,
        email,
        // Required for an advanced sub-account, but the list does not report it (nor the names):
        // adopting never compares it, and the note says to check it.
        ...(advanced ? { isBuyer: false } : {}),
      },
    };
  });
}

/** Reads every requested vendor and returns the plan; fails on the first vendor error. */
export async function buildImportPlan(options: ImportPlanOptions, now = new Date()): Promise<ImportPlan> {
  const resources: PlannedResource[] = [];
  const notes: string[] = [];
  for (const vendor of options.vendors) {
    switch (vendor) {
      case "partner": {
        const partner = await partnerResources();
        resources.push(...partner.resources);
        notes.push(...partner.notes);
        break;
      }
      case "resellerclub":
        if (!options.resellerclubOrderIds?.length) {
          notes.push(
            "resellerclub: mail accounts are listed per order (mail/users/search.json needs order-id) and " +
              "no call lists the orders of an email product here: pass --resellerclub-orders ID,ID.",
          );
        } else {
          resources.push(...(await resellerclubResources(options.resellerclubOrderIds)));
        }
        break;
      case "mailup":
        notes.push(
          "mailup: the account status call reports the profile, packs and whether the account is enabled, not " +
            `its ${MAILUP_UNREPORTED_ARGS.join(", ")}: each mailup.Account lists them under "missing"; fill them ` +
            "in from the MailUp console before adopting.",
        );
        notes.push(
          "mailup: the Retailer Service documents no call that lists a retailer's accounts: " +
            (options.mailupAccountIds?.length
              ? `read the ${options.mailupAccountIds.length} account(s) passed with --mailup-accounts only.`
              : "pass --mailup-accounts ID,ID (the console ids) to read them."),
        );
        if (options.mailupAccountIds?.length) {
          resources.push(...(await mailupResources(options.mailupAccountIds)));
        }
        break;
      case "mailpartner":
        resources.push(...(await mailpartnerResources()));
        notes.push(
          "mailpartner: read through subaccount/list (MailPartner's public docs), which reports each " +
            "sub-account's address, type and token only: isBuyer (written as false for advanced ones), " +
            "title and names are not known to the plan; set them from the MailPartner dashboard if the " +
            "program should record them (adopting never compares them). creditToAttribute is left out: " +
            "adopting moves no money.",
        );
        break;
    }
  }
  const names = new Set<string>();
  for (const r of resources) {
    let unique = r.name;
    for (let n = 2; names.has(unique); n++) unique = `${r.name}-${n}`;
    r.name = unique;
    names.add(unique);
  }
  return { version: 1, generatedAt: now.toISOString(), vendors: [...options.vendors], resources, notes };
}

/** A resource as `pulumi stack export` writes it (the fields the orphan check reads). */
interface ExportedResource {
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

/**
 * The types whose ids are one vendor's ids of one kind: an outMail live service may be managed as
 * `outmail.Service` or as `partner.LiveService`, both with the live service id as their id, so a state
 * that holds it as either knows it.
 */
const ID_SPACES: Readonly<Partial<Record<ResourceLabel, string>>> = {
  "outmail.Service": "partner live service",
  "partner.LiveService": "partner live service",
};

/**
 * The space of ids a type token's resources share: their type's, whichever token form names it (the
 * native provider's resources have the dynamic ones' ids), or the one it shares with another type.
 */
function idSpace(token: string): string {
  const label = labelOfType(token);
  return label === undefined ? token : (ID_SPACES[label] ?? label);
}

/**
 * The ids a state holds for one resource: its id, plus (for a MailUp account, whose id is the activation
 * id until the activation ends) the account id it recorded.
 */
function knownIds(r: ExportedResource): string[] {
  const ids = r.id ? [r.id.toLowerCase()] : [];
  const accountId = r.outputs?.accountId;
  if (typeof accountId === "string" || typeof accountId === "number") ids.push(String(accountId));
  return ids;
}

/** The resources of `pulumi stack export` files (each `{"deployment": {"resources": […]}}`). */
export function exportedResources(exports: readonly unknown[]): ExportedResource[] {
  return exports.flatMap((e) => {
    const resources = (e as { deployment?: { resources?: unknown } }).deployment?.resources;
    if (!Array.isArray(resources)) {
      throw new CommandError('not a `pulumi stack export` file: it has no "deployment.resources" list');
    }
    return resources as ExportedResource[];
  });
}

/**
 * The plan's objects that none of the given stacks' states knows: what a run killed mid-create (or a
 * hand-made object) left at the vendors. Each keeps its `adopt` id, so it can be adopted by a program
 * or removed at the vendor; a note says how many were compared.
 */
export function orphansOf(plan: ImportPlan, exports: readonly unknown[]): ImportPlan {
  const resources = exportedResources(exports);
  const known = new Map<string, Set<string>>();
  for (const r of resources) {
    const space = idSpace(r.type);
    const set = known.get(space) ?? new Set<string>();
    for (const id of knownIds(r)) set.add(id);
    known.set(space, set);
  }
  const orphans = plan.resources.filter(
    (p) => !known.get(idSpace(typeToken(p.type)))?.has(p.adopt.toLowerCase()),
  );
  return {
    ...plan,
    resources: orphans,
    notes: [
      ...plan.notes,
      `orphans: ${orphans.length} of the ${plan.resources.length} objects read at the vendors are in none of the ` +
        `${exports.length} stack state(s) given (${resources.length} resources); adopt each in a program or ` +
        "remove it at the vendor.",
    ],
  };
}

/**
 * One resource of Pulumi's bulk import file, in the fields this command writes: Pulumi 3.276's
 * `importSpec` (pkg/cmd/pulumi/operations/import.go) has these JSON names, and `type`, `name` and `id`
 * are what every non-component entry needs.
 */
export interface PulumiImportSpec {
  /** The native provider's type token: `mailreseller:outmail:Service`. */
  type: string;
  /** The resource's name in the stack and in the generated code (the plan's name). */
  name: string;
  /** What the native provider's Read takes: the id the dynamic resource has (the plan's `adopt`). */
  id: string;
  /**
   * The inputs the imported state (and the generated code) keeps: the plan's arguments, so that what the
   * provider keeps for itself (`policyFacts`, `adopt`) stays out of the program. Pulumi finds an import's
   * list by id alone, so an entry whose id another entry shares has none (it keeps all its inputs).
   */
  properties?: string[];
  /**
   * The plan's arguments, which Pulumi takes where the provider's Read returns nothing (an input the
   * vendor does not report, such as a MailUp account's `ipAddress`); what Read returns wins.
   */
  inputs?: Record<string, unknown>;
}

/** Pulumi's bulk import file (`pulumi import --file FILE`): its `importFile`, with `resources` only. */
export interface PulumiImportFile {
  resources: PulumiImportSpec[];
}

/**
 * The plan as Pulumi's bulk import file for the native provider: `pulumi import --file FILE` then reads
 * every object through the provider's Read, with no write at a vendor, records each (protected) in the
 * stack and prints the program that declares it. A plan's secrets are never in it: the vendors do not
 * return them, and the generated code must take them from the config keys the plan names; arguments
 * under `missing` must be filled in there too.
 */
export function pulumiImportFile(plan: ImportPlan): PulumiImportFile {
  const sharing = new Map<string, number>();
  for (const r of plan.resources) sharing.set(r.adopt, (sharing.get(r.adopt) ?? 0) + 1);
  return {
    resources: plan.resources.map((r) => {
      const inputs = Object.fromEntries(Object.entries(r.args).filter(([, v]) => v !== undefined));
      const properties = Object.keys(inputs);
      return {
        type: nativeTypeToken(r.type),
        name: r.name,
        id: r.adopt,
        ...(sharing.get(r.adopt) === 1 && properties.length > 0 ? { properties } : {}),
        ...(properties.length > 0 ? { inputs } : {}),
      };
    }),
  };
}
