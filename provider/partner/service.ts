/**
 * `outmail.Service`: an outMail (outbound SMTP smarthost) service of one of the partner's clients, on the
 * Partner API. What each input's change does is decided in this file, in the order schema, check, diff,
 * create, read, update, delete, then the public resource class.
 *
 * | input            | on change                                                   |
 * |------------------|-------------------------------------------------------------|
 * | clientId         | replace (a service cannot move between clients)             |
 * | username         | replace; the old service is deleted first only when the new |
 * |                  | one would reuse its username                                |
 * | serviceName      | in place: regrade of the live service                       |
 * | password         | in place (write-only: never read back, never diffed live;   |
 * |                  | after an import, the program's value is taken as it is)     |
 * | billingServiceId | in place                                                    |
 * | suspended        | in place: suspend / unsuspend the live service              |
 * | adopt            | ignored after creation                                      |
 *
 * Beside the vendor's client (./client), it relies on the Partner API live service's regrade, suspension
 * and delete, shared with partner.LiveService (./live-service-changes), adoption (core/resource/adopt), crash
 * take-over (core/resource/take-over) and lost writes (core/resource/lost-write), and on what every resource shares:
 * core/resource/inputs (check and diff), core/resource/policy-facts, core/program/claims and core/protocol/vendor-keys (one owner per object),
 * core/program/deletion-guard, core/resource/shim.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import type { CheckedArgs } from "../core/resource/resource-types";
import {
  createdButUnfinished,
  refusedBeforeCall,
  VendorConflictError,
  VendorNotFoundError,
  withHint,
} from "../core/transport/errors";
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
  plainSecretInputNames,
  policyFactsIgnored,
  replacingProperties,
  takePlainSecretInputs,
  unknownTransition,
} from "../core/resource/policy-facts";
import { requireAdoptable } from "../core/resource/adopt";
import { flag, nameOrId, numericId, text } from "../core/resource/fields";
import { lookUp, mayHaveBeenApplied, outcomeUnknown } from "../core/resource/lost-write";
import { registerSecret } from "../core/transport/redact";
import { ResourceImplementation, withoutUndefined } from "../core/resource/shim";
import { takeOverOnConflict } from "../core/resource/take-over";
import { claimOutputKey } from "../core/program/claims";
import { unlessGone } from "../core/transport/gone";
import type { ResourceLabel } from "../core/protocol/type-tokens";
import { registration } from "../core/program/registration";
import providerShim = require("../shims/outmail-service");
import { OutmailRecord, PartnerApi, outmailArgsOf, partnerApiFromConfig } from "./client";
import {
  regradeLiveService,
  removeLiveService,
  setSuspended,
  tariffCredits,
  tariffTransition,
} from "./live-service-changes";

// ---------------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------------

/**
 * @internal The inputs of an outMail service: the single source of their validation (check). Their docs are
 * on {@link ServiceArgs}, and the type of the checked inputs derives from it; compile-time checks keep both
 * in step with this schema. Kept out of the published types, which must not reach zod.
 */
export const serviceArgsSchema = z
  .object({
    clientId: numericId('the numeric id of one of your clients, e.g. "9987606" (see outmail.listClients)'),
    // 64 characters is ours: the Partner API documents no limit, and its tariff names are short.
    serviceName: text({
      expected: 'an outMail tariff name such as "Outmail500" (see outmail.getServiceNames)',
      max: 64,
      pattern: /^[A-Za-z0-9_.-]+$/,
    }),
    username: text({
      expected: "3 to 64 letters, digits, dots, dashes or underscores",
      max: 64,
      pattern: /^[A-Za-z0-9._-]{3,64}$/,
    }),
    // 128 characters is ours: the Partner API documents no limit.
    password: text({ expected: "an SMTP password of 8 to 128 characters", min: 8, max: 128 }),
    // The portal's whmcs_serviceid is your billing system's id: the Partner API docs' examples are digits
    // ("1324578", WHMCS's service ids), other systems' ids add letters and separators. 64 characters is ours.
    billingServiceId: nameOrId("your billing system's id for the service", 64).optional(),
    suspended: flag().default(false),
    adopt: numericId("the live service id (digits) of an existing outMail service").optional(),
  })
  .strict();

/**
 * Inputs after check (defaults applied), with the policy pack's facts and `tariffCredits`: the credit
 * cost of `serviceName`, read from the tariff list when the tariff is new and carried forward after, so
 * an unchanged preview makes no call.
 */
export type ServiceInputs = CheckedArgs<ServiceArgs, "suspended"> & PolicyFacts & { tariffCredits?: number };

/** State of an outMail service: its inputs plus what the vendor assigned. */
export interface ServiceOutputs extends ServiceInputs {
  /** The outMail id (`data.id`). */
  outmailId: string;
  /** The live service id: the resource's id, used to regrade, suspend and delete. */
  liveServiceId: string;
  /** The SMTP server the service was placed on. */
  outmailServerId: string;
}

const changeTable: ChangeTable<keyof ServiceInputs> = {
  clientId: "replace",
  username: "replace",
  serviceName: "update",
  password: "writeOnly",
  billingServiceId: "update",
  suspended: "update",
  adopt: "ignore",
  tariffCredits: "ignore",
  ...policyFactsIgnored,
};

function partnerApi(): PartnerApi {
  return partnerApiFromConfig();
}

// ---------------------------------------------------------------------------------------------------
// check, diff
// ---------------------------------------------------------------------------------------------------

async function check(
  olds: Partial<ServiceInputs>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult<ServiceInputs>> {
  const { rest, plainSecretInputs } = takePlainSecretInputs(news);
  const result = checkInputs(serviceArgsSchema, rest, { resource: "outmail.Service" });
  if (!result.inputs) return { failures: result.failures };
  if (typeof result.inputs.password === "string") registerSecret(result.inputs.password);
  const inputs: ServiceInputs = { ...result.inputs, plainSecretInputs };
  const isNew = olds.serviceName === undefined;
  inputs.replacing = replacingProperties(changeTable, olds, inputs, isNew);
  if (isUnknown(inputs.serviceName)) {
    if (!isNew) inputs.transition = unknownTransition("serviceName", olds.serviceName!, "credits");
    inputs.spend = { amount: unknownValue as unknown as number, unit: "partner credits" };
    return { inputs, failures: [] };
  }
  const regraded = !isNew && olds.serviceName !== inputs.serviceName;
  inputs.tariffCredits =
    !isNew && !regraded && olds.tariffCredits !== undefined
      ? olds.tariffCredits
      : await tariffCredits(partnerApi, inputs.serviceName);
  if (regraded) {
    inputs.transition = tariffTransition(
      olds.serviceName!,
      olds.tariffCredits,
      inputs.serviceName,
      inputs.tariffCredits,
    );
  }
  // What this change charges: a new service or a regrade costs its tariff's credits.
  inputs.spend = {
    amount:
      (isNew && inputs.adopt === undefined) || regraded
        ? (inputs.tariffCredits ?? (unknownValue as unknown as number))
        : 0,
    unit: "partner credits",
  };
  return { inputs, failures: [] };
}

async function diff(
  _id: string,
  olds: ServiceOutputs,
  news: ServiceInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const changes = changedProperties(changeTable, olds, news);
  // Usernames are unique at the vendor: a replacement that keeps the username must free it first.
  const reusesUsername = olds.username === news.username;
  return toDiffResult(changes, reusesUsername);
}

// ---------------------------------------------------------------------------------------------------
// create
// ---------------------------------------------------------------------------------------------------

async function create(inputs: ServiceInputs): Promise<pulumi.dynamic.CreateResult<ServiceOutputs>> {
  const api = partnerApi();
  if (inputs.adopt !== undefined) return adoptLiveService(api, inputs, inputs.adopt);

  let created: { outmailId: string; liveServiceId: string; outmailServerId: string };
  try {
    const data = await api.createOutmail(inputs, (_fault, status) =>
      status === 405
        ? `The partner's credits do not cover ${inputs.serviceName}; top up credits or choose a cheaper tariff (outmail.getServiceNames lists the costs)`
        : undefined,
    );
    created = {
      outmailId: data.id,
      liveServiceId: data.live_service_id,
      outmailServerId: data.outmail_server_id,
    };
  } catch (err) {
    created = await recoverCreate(api, inputs, err);
  }

  if (inputs.suspended) {
    try {
      await setSuspended(api, created.liveServiceId, true);
    } catch (err) {
      // The service exists and is billed: record it so the next `up` only retries the suspension.
      throw createdButUnfinished(created.liveServiceId, { ...inputs, ...created, suspended: false }, err);
    }
  }
  return { id: created.liveServiceId, outs: { ...inputs, ...created } };
}

/**
 * A create whose answer was lost may have created (and billed) the service. Look it up by its natural
 * key, the username, and take it only when it is the one we asked for; never send the create again.
 */
async function recoverCreate(api: PartnerApi, inputs: ServiceInputs, err: unknown) {
  if (err instanceof VendorConflictError) {
    // The username is taken: by the service a killed run created, when it matches the program exactly.
    const found = await takeOverOnConflict({
      conflict: err,
      resource: `outmail.Service ${inputs.username}`,
      what: `the outMail service with username ${inputs.username}`,
      adoptHint: (o) => o.live_service_id,
      find: () => api.findOutmailByUsername(inputs.username),
      compare: (o) => {
        const live = outmailArgsOf(o);
        return [
          ["clientId", inputs.clientId, live.clientId],
          ["serviceName", inputs.serviceName, live.serviceName],
          ["billingServiceId", inputs.billingServiceId, live.billingServiceId],
          ["suspended", false, live.suspended],
        ];
      },
      // The password is write-only: setting it makes the live service match the program for certain.
      confirm: (o) => api.updateOutmail(o.id, { password: inputs.password }),
    });
    return {
      outmailId: found.id,
      liveServiceId: found.live_service_id,
      outmailServerId: found.outmail_server_id,
    };
  }
  if (!mayHaveBeenApplied(err)) throw err;

  const look = await lookUp(() => api.findOutmailByUsername(inputs.username));
  if (look.kind === "found") {
    const found = look.value;
    if (found.client_id === inputs.clientId && found.service_name === inputs.serviceName) {
      return {
        outmailId: found.id,
        liveServiceId: found.live_service_id,
        outmailServerId: found.outmail_server_id,
      };
    }
    throw withHint(
      err,
      `A service with username ${inputs.username} now exists (live service ${found.live_service_id}) but ` +
        `does not match this resource; inspect it before running again, and set ` +
        `\`adopt: "${found.live_service_id}"\` if it is yours`,
    );
  }
  if (look.kind === "absent") {
    throw withHint(
      err,
      `No service with username ${inputs.username} exists (the username search found none), so nothing was created; it is safe to run \`pulumi up\` again`,
    );
  }
  throw outcomeUnknown(
    err,
    look,
    `Look for an outMail service with username ${inputs.username} in the portal: if it exists, set ` +
      '`adopt: "<its live service id>"` on this resource; if not, run `pulumi up` again',
  );
}

/** Takes over an existing live service after checking that it is what the program declares. */
async function adoptLiveService(
  api: PartnerApi,
  inputs: ServiceInputs,
  liveServiceId: string,
): Promise<pulumi.dynamic.CreateResult<ServiceOutputs>> {
  let live: OutmailRecord;
  try {
    const liveService = await api.getLiveService(liveServiceId);
    if (!liveService.outmail_id) {
      throw refusedBeforeCall(
        { vendor: "partner", operation: "adopt outMail service", resource: `live service ${liveServiceId}` },
        `cannot adopt live service ${liveServiceId}: it is ${liveService.product ? `a ${liveService.product}` : "not an outMail"} service (manage it as a partner.LiveService)`,
      );
    }
    live = await api.getOutmail(liveService.outmail_id);
  } catch (err) {
    if (err instanceof VendorNotFoundError) {
      throw withHint(
        err,
        `Cannot adopt live service ${liveServiceId}: it does not exist; check the id given to \`adopt\``,
      );
    }
    throw err;
  }
  const args = outmailArgsOf(live);
  requireAdoptable("partner", `live service ${liveServiceId}`, "a live service", [
    ["clientId", inputs.clientId, args.clientId],
    ["username", inputs.username, args.username],
    ["serviceName", inputs.serviceName, args.serviceName],
    ["billingServiceId", inputs.billingServiceId, args.billingServiceId],
    ["suspended", inputs.suspended, args.suspended],
  ]);
  return {
    id: live.live_service_id,
    outs: {
      ...inputs,
      outmailId: live.id,
      liveServiceId: live.live_service_id,
      outmailServerId: live.outmail_server_id,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// read
// ---------------------------------------------------------------------------------------------------

/**
 * Refresh (with the recorded state) or import (`pulumi import`, with the live service id alone: the
 * native provider). An import cannot know the password, which outMail never returns: the inputs leave it
 * out, and the password the program then declares is taken as it is (diff), as `adopt` does.
 */
async function read(id: string, props?: ServiceOutputs): Promise<pulumi.dynamic.ReadResult<ServiceOutputs>> {
  const api = partnerApi();
  const outmailId = props?.outmailId ?? (await outmailIdOfLiveService(api, id));
  if (outmailId === undefined) return {};
  const live = await unlessGone(() => api.getOutmail(outmailId));
  if (live === undefined) return {};
  const inputs: ServiceInputs = {
    ...outmailArgsOf(live),
    // Write-only: keep what was configured.
    password: props?.password as string,
    adopt: props?.adopt,
    // Carried while the tariff is the one it was recorded for, so the next preview needs no lookup.
    tariffCredits: live.service_name === props?.serviceName ? props?.tariffCredits : undefined,
  };
  const outputs: ServiceOutputs = {
    ...inputs,
    outmailId: live.id,
    liveServiceId: live.live_service_id,
    outmailServerId: live.outmail_server_id,
  };
  // ReadResult types `inputs` as the outputs type; the host stores them as the refreshed inputs.
  return {
    id: live.live_service_id,
    props: withoutUndefined(outputs),
    inputs: withoutUndefined(inputs) as ServiceOutputs,
  };
}

/** The outMail id of a live service (undefined when it is gone); one of another product is refused. */
async function outmailIdOfLiveService(api: PartnerApi, liveServiceId: string): Promise<string | undefined> {
  const liveService = await unlessGone(() => api.getLiveService(liveServiceId));
  if (liveService === undefined) return undefined;
  if (!liveService.outmail_id) {
    throw refusedBeforeCall(
      { vendor: "partner", operation: "read outMail service", resource: `live service ${liveServiceId}` },
      `live service ${liveServiceId} is ${liveService.product ? `a ${liveService.product}` : "not an outMail"} ` +
        "service: import it as a partner.LiveService (mailreseller:partner:LiveService)",
    );
  }
  return liveService.outmail_id;
}

// ---------------------------------------------------------------------------------------------------
// update
// ---------------------------------------------------------------------------------------------------

async function update(id: string, olds: ServiceOutputs, news: ServiceInputs) {
  const api = partnerApi();
  const { updates } = changedProperties(changeTable, olds, news);
  if (updates.includes("serviceName")) await regradeLiveService(api, id, olds.serviceName, news.serviceName);
  const outmailChanges: { password?: string; billingServiceId?: string } = {};
  if (updates.includes("password")) outmailChanges.password = news.password;
  if (updates.includes("billingServiceId")) outmailChanges.billingServiceId = news.billingServiceId;
  if (Object.keys(outmailChanges).length > 0) await api.updateOutmail(olds.outmailId, outmailChanges);
  if (updates.includes("suspended")) await setSuspended(api, id, news.suspended);
  const outs: ServiceOutputs = {
    ...news,
    outmailId: olds.outmailId,
    liveServiceId: olds.liveServiceId,
    outmailServerId: olds.outmailServerId,
  };
  return { outs };
}

// ---------------------------------------------------------------------------------------------------
// delete
// ---------------------------------------------------------------------------------------------------

async function remove(id: string): Promise<void> {
  await removeLiveService(partnerApi(), id);
}

/** @internal The implementation the shim loads. */
export const implementation: ResourceImplementation<ServiceInputs, ServiceOutputs> = {
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

/** The arguments of {@link Service}. */
export interface ServiceArgs {
  /**
   * Id of the partner's client that owns the service: digits only, e.g. `"9987606"` (see
   * `outmail.listClients`). Changing it replaces the service, since a service cannot move between
   * clients; when the username stays the same, the old service is deleted before the new one is created
   * (usernames are unique at outMail).
   */
  clientId: pulumi.Input<string>;
  /**
   * The tariff (outMail's `service_name`), e.g. `Outmail500`: up to 64 letters, digits, `.`, `_` or `-`
   * (see `outmail.getServiceNames` for the names and their credit costs). Changing it regrades the live
   * service in place; the target must be one of the service's `regrade_servicenames` and the partner's
   * credits must cover it.
   */
  serviceName: pulumi.Input<string>;
  /**
   * SMTP username of the service: 3 to 64 letters, digits, dots, dashes or underscores, unique at
   * outMail. Changing it replaces the service (the new one is created before the old one is deleted).
   */
  username: pulumi.Input<string>;
  /**
   * SMTP password, 8 to 128 characters. Secret: pass it as a Pulumi secret (`config.requireSecret`,
   * `pulumi.secret`); the policy pack blocks a plain value, and the `password` output is secret.
   * Write-only: the API never returns it, so it is set at creation and, in place, whenever this input
   * changes, and never compared with the live service. Not verified by `adopt`.
   */
  password: pulumi.Input<string>;
  /**
   * Your billing system's id for the service (the portal's `whmcs_serviceid`), such as `"1324578"`:
   * letters and digits, with single spaces, dots, dashes or underscores between them, at most 64
   * characters. Changing it updates the service in place.
   */
  billingServiceId?: pulumi.Input<string>;
  /**
   * Whether the live service is suspended. Changing it suspends or unsuspends the service in place.
   * Default: `false`.
   */
  suspended?: pulumi.Input<boolean>;
  /**
   * Live service id (digits) of an existing outMail service to take over instead of creating one: the
   * import path for services created outside Pulumi. Nothing is created or charged; creation fails,
   * listing each difference, when the live service does not match these inputs. Ignored after creation.
   */
  adopt?: pulumi.Input<string>;
}

const _serviceArgsAgree: ArgsAgree<ServiceArgs, typeof serviceArgsSchema> = true;
const _serviceInputsAgree: InputsAgree<
  CheckedArgs<ServiceArgs, "suspended">,
  typeof serviceArgsSchema
> = true;

/** The resource type, as the class registers it (provider/core/protocol/type-tokens.ts). */
const TYPE = "outmail.Service" satisfies ResourceLabel;

/**
 * An outMail service (outbound SMTP smarthost) of one of the partner's clients.
 *
 * Changing `serviceName` regrades the live service in place (the target must be in the service's
 * `regrade_servicenames` and the partner's credits must cover it); `password`, `billingServiceId` and
 * `suspended` also update in place; changing `clientId` or `username` replaces the service, deleting the
 * old one first when the username is kept. Set `adopt` to the live service id of an existing service
 * to manage it instead of creating one. The resource id is the live service id. Credentials come from
 * the stack config `mailreseller:partnerApiUrl`, `mailreseller:partnerId` and
 * `mailreseller:partnerApiKey` (or `MAILRESELLER_PARTNER_*`).
 *
 * This class protects it by default (the deletion guard; a program of the native provider plugin sets
 * `protect` itself, which the policy pack's `deletion-guard` requires): the engine refuses, in preview
 * and in `up`, to delete it or replace it, unless the program passes `protect: false` or the stack sets `mailreseller:deletionGuard`
 * to false. To delete one on purpose: `pulumi state unprotect <urn>`, then remove it from the program.
 *
 * Type tokens: `pulumi-nodejs:dynamic/outmail:Service` (this class), `mailreseller:outmail:Service` (the
 * native provider plugin).
 */
export class Service extends pulumi.dynamic.Resource {
  /** The client that owns the service. Changing the `clientId` input replaces the service. */
  declare public readonly clientId: pulumi.Output<string>;
  /** The tariff, e.g. `Outmail500`, as refresh last read it. */
  declare public readonly serviceName: pulumi.Output<string>;
  /** The SMTP username. */
  declare public readonly username: pulumi.Output<string>;
  /** The SMTP password as configured (secret; outMail never returns it). */
  declare public readonly password: pulumi.Output<string>;
  /** Your billing system's id for the service (`whmcs_serviceid`), when set. */
  declare public readonly billingServiceId: pulumi.Output<string | undefined>;
  /** Whether the live service is suspended. */
  declare public readonly suspended: pulumi.Output<boolean>;
  /** The live service id this resource took over, when it was adopted rather than created. */
  declare public readonly adopt: pulumi.Output<string | undefined>;
  /** The outMail id the vendor assigned (`data.id`). */
  declare public readonly outmailId: pulumi.Output<string>;
  /** The live service id (also the resource's id): what regrade, suspend and delete act on. */
  declare public readonly liveServiceId: pulumi.Output<string>;
  /** The SMTP server the service was placed on. */
  declare public readonly outmailServerId: pulumi.Output<string>;

  constructor(name: string, args: ServiceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim,
      ...registration(
        TYPE,
        name,
        args,
        {
          outmailId: undefined,
          liveServiceId: undefined,
          outmailServerId: undefined,
          // Optional inputs too: the SDK creates an output only for a property passed here.
          billingServiceId: undefined,
          suspended: undefined,
          adopt: undefined,
          ...args,
          plainSecretInputs: plainSecretInputNames({ password: args.password }),
        },
        opts,
        { secretOutputs: ["password"] },
      ),
    );
    // A service created here gets its live service id from the vendor: a partner.LiveService of the same
    // program declaring that id would be a second owner.
    claimOutputKey(TYPE, name, "Partner API live service", this.liveServiceId, this);
  }
}

const _serviceOutputsDeclared: OutputsDeclared<Service, ServiceOutputs, keyof PolicyFacts | "tariffCredits"> =
  true;
