/**
 * `partner.LiveService`: a Partner API live service of any product (outMail, Profilter, fakeMX, backupMX,
 * masterDNS, backupDNS; KB 403), taken over by its live service id and reconciled from then on. The Partner
 * API documents creation for outMail only (`POST /outmails`, see `outmail.Service`), so creating this
 * resource reads the live service and writes nothing. What each input's change does is decided in this
 * file, in the order schema, check, diff, create, read, update, delete, then the public resource class.
 *
 * | input         | on change                                                               |
 * |---------------|-------------------------------------------------------------------------|
 * | liveServiceId | replace: the resource takes over the other service, then deletes this   |
 * |               | one at the vendor (the deletion guard stops that by default)             |
 * | product       | refused in check while liveServiceId stays (a service keeps its product); |
 * |               | after an import that could not read it (neither the record nor the       |
 * |               | tariff list names it), the program's is taken as declared, as taking the |
 * |               | service over does                                                        |
 * | clientId      | refused in check while liveServiceId stays (it cannot move)             |
 * | serviceName   | in place: regrade (same product's tariffs only, refused in check)       |
 * | suspended     | in place: suspend / unsuspend                                           |
 *
 * `pulumi import` (the native provider) takes the live service id and accepts what taking the service
 * over accepts: a service of one of the products, or of a product no source names (the program's is then
 * taken as declared). It reads every input from the record, `clientId` when the vendor reports it.
 *
 * Beside the vendor's client (./client), it relies on the regrade, suspension and delete every live service
 * shares (./live-service-changes), the products (./products) and adoption (core/resource/adopt), and on what every
 * resource shares: core/resource/inputs (check and diff), core/resource/policy-facts, core/program/claims and core/protocol/vendor-keys (one
 * owner per object), core/program/deletion-guard, core/resource/shim.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import { Comparison, requireAdoptable } from "../core/resource/adopt";
import type { CheckedArgs } from "../core/resource/resource-types";
import { refusedBeforeCall, VendorNotFoundError, withHint } from "../core/transport/errors";
import { flag, numericId, text } from "../core/resource/fields";
import {
  ArgsAgree,
  ChangeTable,
  InputsAgree,
  OutputsDeclared,
  changedProperties,
  checkInputs,
  isUnknown,
  toDiffResult,
  unknownValue,
} from "../core/resource/inputs";
import {
  PolicyFacts,
  policyFactsIgnored,
  replacingProperties,
  unknownTransition,
} from "../core/resource/policy-facts";
import { ResourceImplementation, withoutUndefined } from "../core/resource/shim";
import { warnOperator } from "../core/resource/warn";
import { unlessGone } from "../core/transport/gone";
import type { ResourceLabel } from "../core/protocol/type-tokens";
import { registration } from "../core/program/registration";
import providerShim = require("../shims/partner-live-service");
import {
  LiveServiceRecord,
  PartnerApi,
  liveServiceArgsOf,
  isSuspendedBySystem,
  partnerApiFromConfig,
} from "./client";
import {
  TariffInfo,
  liveServiceLabel,
  regradeLiveService,
  removeLiveService,
  setSuspended,
  tariffCatalogue,
  tariffTransition,
} from "./live-service-changes";
import { PARTNER_PRODUCTS, type PartnerProduct, partnerProduct } from "./products";

// ---------------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------------

export { PARTNER_PRODUCTS, type PartnerProduct };

/**
 * @internal The inputs of a live service: the single source of their validation (check). Their docs are on
 * {@link LiveServiceArgs}, and the type of the checked inputs derives from it; compile-time checks keep both
 * in step with this schema. Kept out of the published types, which must not reach zod.
 */
export const liveServiceArgsSchema = z
  .object({
    liveServiceId: numericId(
      'the live service id (digits) of an existing live service, e.g. "1234801" (see partner.getLiveServices)',
    ),
    product: z.enum(PARTNER_PRODUCTS, `must be one of ${PARTNER_PRODUCTS.map((p) => `"${p}"`).join(", ")}`),
    // 64 characters is ours, as for outmail.Service.
    serviceName: text({
      expected: 'a tariff name of the product such as "BackupMX5" (see partner.getServiceNames)',
      max: 64,
      pattern: /^[A-Za-z0-9_.-]+$/,
    }),
    clientId: numericId('the numeric id of the client that owns the service, e.g. "9987606"').optional(),
    suspended: flag().default(false),
  })
  .strict();

/**
 * Inputs after check (defaults applied), with the policy pack's facts and `tariffCredits` (the credit cost
 * of `serviceName`, carried forward so an unchanged preview makes no call).
 */
export type LiveServiceInputs = CheckedArgs<LiveServiceArgs, "suspended"> &
  PolicyFacts & { tariffCredits?: number };

/** State of a live service: its inputs plus what the vendor reports. */
export interface LiveServiceOutputs extends LiveServiceInputs {
  /**
   * Whether Prolateral suspended it (abuse, billing): such a suspension cannot be lifted through the
   * Partner API (KB 405). False when the vendor does not say.
   */
  suspendedBySystem: boolean;
}

const changeTable: ChangeTable<keyof LiveServiceInputs> = {
  liveServiceId: "replace",
  // Only reachable with a new liveServiceId: check refuses a change of these on the same service. An
  // import records no product when no source names one (read): the program's is then taken as declared.
  product: "replaceIfKnown",
  clientId: "replace",
  serviceName: "update",
  suspended: "update",
  tariffCredits: "ignore",
  ...policyFactsIgnored,
};

const RESOURCE = "partner.LiveService";

function partnerApi(): PartnerApi {
  return partnerApiFromConfig();
}

// ---------------------------------------------------------------------------------------------------
// check, diff
// ---------------------------------------------------------------------------------------------------

async function check(
  olds: Partial<LiveServiceInputs>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult<LiveServiceInputs>> {
  const result = checkInputs(liveServiceArgsSchema, news, { resource: RESOURCE });
  if (!result.inputs) return { failures: result.failures };
  const inputs: LiveServiceInputs = { ...result.inputs };
  const isNew = olds.serviceName === undefined;
  const sameService = !isNew && olds.liveServiceId === inputs.liveServiceId;
  const failures: pulumi.dynamic.CheckFailure[] = [];
  if (sameService) {
    for (const key of ["product", "clientId"] as const) {
      if (isUnknown(inputs[key]) || olds[key] === inputs[key]) continue;
      // A product the import could not read is taken as the program declares it, as create takes it.
      if (key === "product" && olds.product === undefined) continue;
      failures.push({
        property: key,
        reason:
          `live service ${inputs.liveServiceId} has ${key} ${JSON.stringify(olds[key])}, which a live service ` +
          `cannot change; to manage another service, change liveServiceId`,
      });
    }
  }
  inputs.replacing = replacingProperties(changeTable, olds, inputs, isNew);
  if (isUnknown(inputs.serviceName)) {
    if (!isNew) inputs.transition = unknownTransition("serviceName", olds.serviceName!, "credits");
    inputs.spend = { amount: unknownValue as unknown as number, unit: "partner credits" };
    return failures.length > 0 ? { failures } : { inputs, failures: [] };
  }
  const regraded = sameService && olds.serviceName !== inputs.serviceName;
  const catalogue =
    isNew || regraded || olds.tariffCredits === undefined ? await tariffCatalogue(partnerApi) : undefined;
  const tariffFailure = catalogue && !isUnknown(inputs.product) ? wrongProduct(catalogue, inputs) : undefined;
  if (tariffFailure) failures.push({ property: "serviceName", reason: tariffFailure });
  if (failures.length > 0) return { failures };
  inputs.tariffCredits = catalogue ? catalogue.get(inputs.serviceName)?.credits : olds.tariffCredits;
  if (regraded) {
    inputs.transition = tariffTransition(
      olds.serviceName!,
      olds.tariffCredits,
      inputs.serviceName,
      inputs.tariffCredits,
    );
  }
  // Taking a service over charges nothing; a regrade costs its tariff's credits (as outmail.Service counts it).
  inputs.spend = {
    amount: regraded ? (inputs.tariffCredits ?? (unknownValue as unknown as number)) : 0,
    unit: "partner credits",
  };
  return { inputs, failures: [] };
}

/**
 * Why `serviceName` is not a tariff of `product`, by the catalogue (`GET /live_services/service_names`);
 * undefined when it is, or when the catalogue does not say which product a tariff belongs to.
 */
function wrongProduct(catalogue: Map<string, TariffInfo>, inputs: LiveServiceInputs): string | undefined {
  const sameProduct = (p?: string) => p !== undefined && p.toLowerCase() === inputs.product.toLowerCase();
  const own = [...catalogue].filter(([, t]) => sameProduct(t.product)).map(([name]) => name);
  const tariff = catalogue.get(inputs.serviceName);
  const listed = own.length > 0 ? `; ${inputs.product} tariffs: ${own.join(", ")}` : "";
  if (tariff === undefined) {
    return `"${inputs.serviceName}" is not in the Partner API's tariff list (GET /live_services/service_names)${listed}`;
  }
  if (tariff.product === undefined || sameProduct(tariff.product)) return undefined;
  return (
    `"${inputs.serviceName}" is a ${tariff.product} tariff, and a ${inputs.product} service can only be regraded ` +
    `to ${inputs.product} tariffs${listed}`
  );
}

async function diff(
  _id: string,
  olds: LiveServiceOutputs,
  news: LiveServiceInputs,
): Promise<pulumi.dynamic.DiffResult> {
  return toDiffResult(changedProperties(changeTable, olds, news));
}

// ---------------------------------------------------------------------------------------------------
// create: take the live service over, writing nothing
// ---------------------------------------------------------------------------------------------------

async function create(inputs: LiveServiceInputs): Promise<pulumi.dynamic.CreateResult<LiveServiceOutputs>> {
  const api = partnerApi();
  let live: LiveServiceRecord;
  try {
    live = await api.getLiveService(inputs.liveServiceId);
  } catch (err) {
    if (err instanceof VendorNotFoundError) {
      throw withHint(
        err,
        `Cannot take over live service ${inputs.liveServiceId}: it does not exist; check liveServiceId ` +
          "(partner.getLiveServices lists the partner's live services)",
      );
    }
    throw err;
  }
  const found = liveServiceArgsOf(live, await productOf(live));
  // What the vendor does not report cannot be compared: it is taken as declared, and the operator told.
  const unverified = [
    found.product === undefined ? `product ${inputs.product}` : undefined,
    inputs.clientId !== undefined && found.clientId === undefined ? `clientId ${inputs.clientId}` : undefined,
  ].filter((what): what is string => what !== undefined);
  requireAdoptable("partner", `live service ${inputs.liveServiceId}`, "a live service", [
    ...(found.product === undefined
      ? []
      : [comparison("product", inputs.product, sameSpelling(found.product, inputs.product))]),
    comparison("serviceName", inputs.serviceName, found.serviceName),
    comparison("suspended", inputs.suspended, found.suspended),
    ...(inputs.clientId === undefined || found.clientId === undefined
      ? []
      : [comparison("clientId", inputs.clientId, found.clientId)]),
  ]);
  if (unverified.length > 0) {
    await warnOperator(
      `${RESOURCE} ${inputs.liveServiceId}: the Partner API's record does not report it, so ` +
        `${unverified.join(" and ")} ${unverified.length === 1 ? "was" : "were"} taken as declared, not verified`,
    );
  }
  return { id: live.id, outs: { ...inputs, suspendedBySystem: isSuspendedBySystem(live) } };
}

function comparison(name: string, program: unknown, live: unknown): Comparison {
  return [name, program, live];
}

/** The live service's product: as its record says, else as the tariff list files its tariff. */
async function productOf(live: LiveServiceRecord): Promise<string | undefined> {
  if (live.product !== undefined) return live.product;
  return (await tariffCatalogue(partnerApi))?.get(live.tariff_service_name)?.product;
}

/** The vendor's product name in the program's spelling when they differ only in case (`backupmx`). */
function sameSpelling(live: string | undefined, program: string): string | undefined {
  return live !== undefined && live.toLowerCase() === program.toLowerCase() ? program : live;
}

// ---------------------------------------------------------------------------------------------------
// read
// ---------------------------------------------------------------------------------------------------

async function read(
  id: string,
  props?: LiveServiceOutputs,
): Promise<pulumi.dynamic.ReadResult<LiveServiceOutputs>> {
  const live = await unlessGone(() => partnerApi().getLiveService(id));
  if (live === undefined) return {};
  if (props === undefined) return importLiveService(id, live);
  const product = sameSpelling(await productOf(live), props?.product ?? "") ?? props?.product;
  if (product === undefined || !(PARTNER_PRODUCTS as readonly string[]).includes(product)) {
    throw refusedBeforeCall(
      { vendor: "partner", operation: "read live service", resource: liveServiceLabel(id, product) },
      `cannot read ${liveServiceLabel(id, product)}: its product is not one of ${PARTNER_PRODUCTS.join(", ")}`,
    );
  }
  const found = liveServiceArgsOf(live, product);
  const inputs: LiveServiceInputs = {
    ...found,
    product: product as PartnerProduct,
    // Only what the program declared is an input; the vendor's owner, when it reports one, refreshes it.
    clientId: props?.clientId === undefined ? undefined : (found.clientId ?? props.clientId),
    // Carried while the tariff is the one it was recorded for, so the next preview needs no lookup.
    tariffCredits: found.serviceName === props?.serviceName ? props?.tariffCredits : undefined,
  };
  const outputs: LiveServiceOutputs = { ...inputs, suspendedBySystem: isSuspendedBySystem(live) };
  // ReadResult types `inputs` as the outputs type; the host stores them as the refreshed inputs.
  return {
    id: live.id,
    props: withoutUndefined(outputs),
    inputs: withoutUndefined(inputs) as LiveServiceOutputs,
  };
}

/**
 * `pulumi import` (the native provider's Read with the id alone): the service as taking it over would
 * find it, its inputs what the record reports (the owner included, when the vendor reports one). A
 * product no source names is left out, for the program to declare (create takes it so too, with a
 * warning); one `partner.LiveService` does not manage is refused, as taking it over refuses it.
 */
async function importLiveService(
  id: string,
  live: LiveServiceRecord,
): Promise<pulumi.dynamic.ReadResult<LiveServiceOutputs>> {
  const named = await productOf(live);
  const product = partnerProduct(named);
  if (named !== undefined && product === undefined) {
    throw refusedBeforeCall(
      { vendor: "partner", operation: "import live service", resource: liveServiceLabel(id, named) },
      `cannot import ${liveServiceLabel(id, named)}: partner.LiveService manages ${PARTNER_PRODUCTS.join(", ")} only`,
      "Leave it out of the import (manage it in the partner portal)",
    );
  }
  if (product === undefined) {
    await warnOperator(
      `${RESOURCE} ${id}: neither the Partner API's record nor its tariff list names the product, so the ` +
        `import leaves product out: set it in the program (one of ${PARTNER_PRODUCTS.join(", ")}); it is ` +
        "taken as declared, not verified",
    );
  }
  const inputs = withoutUndefined(liveServiceArgsOf(live, product)) as LiveServiceInputs;
  const outputs: LiveServiceOutputs = { ...inputs, suspendedBySystem: isSuspendedBySystem(live) };
  // ReadResult types `inputs` as the outputs type; the host stores them as the refreshed inputs.
  return { id: live.id, props: outputs, inputs: inputs as LiveServiceOutputs };
}

// ---------------------------------------------------------------------------------------------------
// update
// ---------------------------------------------------------------------------------------------------

async function update(
  id: string,
  olds: LiveServiceOutputs,
  news: LiveServiceInputs,
): Promise<{ outs: LiveServiceOutputs }> {
  const api = partnerApi();
  const { updates } = changedProperties(changeTable, olds, news);
  let live: LiveServiceRecord | undefined;
  if (updates.includes("serviceName"))
    live = await regradeLiveService(api, id, olds.serviceName, news.serviceName);
  if (updates.includes("suspended")) await setSuspended(api, id, news.suspended, live);
  // A suspension we make is ours; one Prolateral made stays theirs while the program keeps it suspended.
  const suspendedBySystem = news.suspended && !updates.includes("suspended") && olds.suspendedBySystem;
  return { outs: { ...news, suspendedBySystem } };
}

// ---------------------------------------------------------------------------------------------------
// delete
// ---------------------------------------------------------------------------------------------------

async function remove(id: string): Promise<void> {
  await removeLiveService(partnerApi(), id);
}

/** @internal The implementation the shim loads. */
export const implementation: ResourceImplementation<LiveServiceInputs, LiveServiceOutputs> = {
  check,
  diff,
  create,
  read,
  update,
  delete: remove,
};

// ---------------------------------------------------------------------------------------------------
// The resource
// ---------------------------------------------------------------------------------------------------

/** The arguments of {@link LiveService}. */
export interface LiveServiceArgs {
  /**
   * Id of the existing live service to manage (the Partner API's `live_service_id`), digits only, e.g.
   * `"1234801"` (see `partner.getLiveServices`). Creating the resource takes the service over: it reads
   * it and writes nothing, and fails, listing each difference, when the service does not match these
   * inputs. Changing it replaces the resource: the other service is taken over, then this one is
   * deleted at the vendor (the deletion guard refuses that unless it is lifted).
   */
  liveServiceId: pulumi.Input<string>;
  /**
   * The service's product, as Prolateral's KB spells it: `"outMail"`, `"Profilter"`, `"fakeMX"`,
   * `"backupMX"`, `"masterDNS"` or `"backupDNS"` (the vendor's spelling may differ in case). Checked
   * against the live service when it is taken over; a live service keeps its product, so changing it
   * while `liveServiceId` stays fails in check.
   */
  product: pulumi.Input<PartnerProduct>;
  /**
   * The tariff (`tariff_service_name`), e.g. `BackupMX5`: up to 64 letters, digits, `.`, `_` or `-`.
   * It must be a tariff of `product` (check refuses another product's tariff, by
   * `partner.getServiceNames`). Changing it regrades the live service in place (`PATCH
   * /live_services/{id}`, one call); the target must be one of the service's `regrade_servicenames`, and
   * the partner's credits must cover an upgrade.
   */
  serviceName: pulumi.Input<string>;
  /**
   * Id of the client that owns the service (digits), to be verified when the service is taken over. The
   * Partner API cannot move a service between clients, so changing it while `liveServiceId` stays fails
   * in check. Optional.
   */
  clientId?: pulumi.Input<string>;
  /**
   * Whether the live service is suspended. Changing it suspends or unsuspends the service in place. A
   * service Prolateral suspended (abuse, billing) cannot be unsuspended through the Partner API (KB 405):
   * setting `false` then fails naming that rule. Default: `false`.
   */
  suspended?: pulumi.Input<boolean>;
}

const _liveServiceArgsAgree: ArgsAgree<LiveServiceArgs, typeof liveServiceArgsSchema> = true;
const _liveServiceInputsAgree: InputsAgree<
  CheckedArgs<LiveServiceArgs, "suspended">,
  typeof liveServiceArgsSchema
> = true;

/** The resource type, as the class registers it (provider/core/protocol/type-tokens.ts). */
const TYPE = "partner.LiveService" satisfies ResourceLabel;

/**
 * A Partner API live service of any product (outMail, Profilter, fakeMX, backupMX, masterDNS, backupDNS),
 * managed by its live service id.
 *
 * The Partner API creates only outMail services (`outmail.Service` does that), so this resource takes an
 * existing service over: creating it reads the service and writes nothing, failing with each difference
 * when the service does not match the program. From then on, changing `serviceName` regrades it in place
 * (within its product, validated against `regrade_servicenames` and the partner's credits), `suspended`
 * suspends or unsuspends it, and removing the resource deletes the live service at the vendor (use the
 * `retainOnDelete` option to stop managing it without deleting it). The resource id is the live service
 * id. Credentials come from the stack config `mailreseller:partnerApiUrl`, `mailreseller:partnerId` and
 * `mailreseller:partnerApiKey` (or `MAILRESELLER_PARTNER_*`).
 *
 * This class protects it by default (the deletion guard; a program of the native provider plugin sets
 * `protect` itself, which the policy pack's `deletion-guard` requires): the engine refuses, in preview
 * and in `up`, to delete or replace it, unless the program passes `protect: false` or the stack sets `mailreseller:deletionGuard`
 * to false.
 *
 * Type tokens: `pulumi-nodejs:dynamic/partner:LiveService` (this class), `mailreseller:partner:LiveService` (the
 * native provider plugin).
 */
export class LiveService extends pulumi.dynamic.Resource {
  /** The live service id (also the resource's id). */
  declare public readonly liveServiceId: pulumi.Output<string>;
  /** The service's product, e.g. `backupMX`. */
  declare public readonly product: pulumi.Output<PartnerProduct>;
  /** The tariff, e.g. `BackupMX5`, as refresh last read it. */
  declare public readonly serviceName: pulumi.Output<string>;
  /** The client that owns the service, when the program declares it. */
  declare public readonly clientId: pulumi.Output<string | undefined>;
  /** Whether the live service is suspended. */
  declare public readonly suspended: pulumi.Output<boolean>;
  /** Whether Prolateral suspended it (abuse, billing), which the Partner API cannot lift (KB 405). */
  declare public readonly suspendedBySystem: pulumi.Output<boolean>;

  constructor(name: string, args: LiveServiceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim,
      ...registration(
        TYPE,
        name,
        args,
        {
          suspendedBySystem: undefined,
          // Optional inputs too: the SDK creates an output only for a property passed here.
          clientId: undefined,
          suspended: undefined,
          ...args,
        },
        opts,
      ),
    );
  }
}

const _liveServiceOutputsDeclared: OutputsDeclared<
  LiveService,
  LiveServiceOutputs,
  keyof PolicyFacts | "tariffCredits"
> = true;
