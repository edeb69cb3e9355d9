/**
 * Changing live services: the API's regrade and un/suspend (`PATCH /live_services/{id}`), and what the
 * portal or Prolateral does (the admin calls): buy one, change it, suspend it for the system. Both paths
 * share the regrade's price and balance check and apply a change the same way; what they may do to the
 * suspension differs (KB 405), which is why each has its own checks.
 */

import { badRequest, suspendedBySystem, validationError } from "./errors";
import type { LiveServiceRecord, LiveServiceView, PartnerRecords } from "./records";
import { LIVE_SERVICE_STATUSES, type LiveServiceStatus, PARTNER_PRODUCTS, SUSPENDERS } from "./seed";
import { regradeCharge, tariffNamesOf } from "./tariffs";

export interface LiveServiceChanges {
  tariff_service_name?: string;
  status?: string;
}

/** What the portal (or Prolateral) changes on a live service: `/__sandbox/partner/live_services/:id`. */
export interface PortalLiveServiceChanges extends LiveServiceChanges {
  suspended_by?: string;
}

/** A live service bought in the portal: `POST /__sandbox/partner/live_services`. */
export interface NewPortalLiveService {
  product: string;
  tariff_service_name: string;
  client_id: string;
}

/** 405 unless the balance covers a regrade to `target` (none to pay without one). */
function checkRegradeBalance(
  records: PartnerRecords,
  service: LiveServiceRecord,
  target: string | undefined,
  charge: number,
): void {
  if (target === undefined) return;
  records.checkBalance(
    `regrading live service ${service.id} from ${service.tariff_service_name} to ${target}`,
    charge,
  );
}

/**
 * Applies a change whose checks have all passed: the regrade's charge and tariff, then `activate` lifts
 * any suspension. Suspending is left to the caller, whose rules for the suspender differ.
 */
function applyChange(
  records: PartnerRecords,
  service: LiveServiceRecord,
  target: string | undefined,
  charge: number,
  activate: boolean,
): void {
  records.charge(charge);
  if (target !== undefined) service.tariff_service_name = target;
  if (activate) {
    service.status = "active";
    service.suspended_by = null;
  }
}

/**
 * Regrade and/or un/suspend through the API, all or nothing: every check (status valid, target allowed,
 * not unsuspending a system suspension, balance) runs before anything changes. Upgrades cost the
 * difference in credits; downgrades are free and refund nothing. Suspending marks the service
 * `suspended_by: "partner"`; a service the system suspended stays so (KB 405: the API cannot unsuspend
 * it; asking it to is 403 SuspendedBySystem, asking to suspend it again changes nothing).
 */
export function updateLiveService(
  records: PartnerRecords,
  id: string,
  changes: LiveServiceChanges,
): LiveServiceView {
  const service = records.liveServiceRecord(id);
  if (changes.tariff_service_name === undefined && changes.status === undefined) {
    throw validationError(
      "tariff_service_name",
      "nothing to change; send tariff_service_name and/or status.",
    );
  }
  let status: LiveServiceStatus | undefined;
  if (changes.status !== undefined) {
    status = LIVE_SERVICE_STATUSES.find((s) => s === changes.status);
    if (status === undefined) {
      throw validationError(
        "status",
        `must be one of ${LIVE_SERVICE_STATUSES.join(", ")}, not "${changes.status}".`,
      );
    }
  }
  const target = changes.tariff_service_name;
  const charge = regradeCharge(service, target);
  if (status === "active" && service.suspended_by === "system") throw suspendedBySystem(service.id);
  checkRegradeBalance(records, service, target, charge);

  applyChange(records, service, target, charge, status === "active");
  if (status === "suspended" && service.status !== "suspended") {
    service.status = "suspended";
    service.suspended_by = "partner";
  }
  return records.viewLiveService(service);
}

/**
 * A live service bought in the portal (not through the API): the product's tariff, one of the partner's
 * clients (or the partner itself). Test setup, so nothing is charged; ids count from 1234806. Anything
 * invalid is 400 BadRequest (an admin call).
 */
export function addPortalLiveService(records: PartnerRecords, input: NewPortalLiveService): LiveServiceView {
  const product = PARTNER_PRODUCTS.find((p) => p === input.product);
  if (product === undefined) {
    throw badRequest(`product: unknown product "${input.product}"; one of ${PARTNER_PRODUCTS.join(", ")}.`);
  }
  const names = tariffNamesOf(product);
  if (!names.includes(input.tariff_service_name)) {
    throw badRequest(
      `tariff_service_name: "${input.tariff_service_name}" is not a ${product} tariff; ${product} tariffs: ${names.join(", ")}.`,
    );
  }
  if (!records.isClient(input.client_id)) {
    throw badRequest(`client_id: no client with id ${input.client_id} (see GET /clients).`);
  }
  const service: LiveServiceRecord = {
    id: records.takeLiveServiceId("portal"),
    product,
    tariff_service_name: input.tariff_service_name,
    client_id: input.client_id,
    status: "active",
    suspended_by: null,
    outmail_id: null,
  };
  records.addLiveService(service);
  return records.viewLiveService(service);
}

/**
 * What the portal or Prolateral changes, all or nothing: a regrade (the API's rules and credits),
 * `status` and `suspended_by`. `suspended_by` ("system" for Prolateral's suspension for abuse or billing,
 * "partner") suspends; `status: "suspended"` alone keeps the current suspender, or is the partner's;
 * `status: "active"` lifts any suspension, the system's included (what Prolateral support does). Bad
 * `status`/`suspended_by` values or combinations are 400 BadRequest; regrade refusals 422/405 as in the API.
 */
export function portalUpdateLiveService(
  records: PartnerRecords,
  id: string,
  changes: PortalLiveServiceChanges,
): LiveServiceView {
  const service = records.liveServiceRecord(id);
  const { tariff_service_name: target, status: statusText, suspended_by: suspenderText } = changes;
  if (target === undefined && statusText === undefined && suspenderText === undefined) {
    throw badRequest('Send at least one of "tariff_service_name", "status" and "suspended_by".');
  }
  const status = statusText === undefined ? undefined : LIVE_SERVICE_STATUSES.find((s) => s === statusText);
  if (statusText !== undefined && status === undefined) {
    throw badRequest(`status: must be one of ${LIVE_SERVICE_STATUSES.join(", ")}, not "${statusText}".`);
  }
  const suspender = suspenderText === undefined ? undefined : SUSPENDERS.find((s) => s === suspenderText);
  if (suspenderText !== undefined && suspender === undefined) {
    throw badRequest(`suspended_by: must be one of ${SUSPENDERS.join(", ")}, not "${suspenderText}".`);
  }
  if (suspender !== undefined && status === "active") {
    throw badRequest(`suspended_by: "${suspender}" suspends the service; it cannot go with status "active".`);
  }
  const charge = regradeCharge(service, target);
  checkRegradeBalance(records, service, target, charge);

  applyChange(records, service, target, charge, status === "active");
  // suspended_by cannot come with status "active" (refused above), so this never undoes the activation.
  if (suspender !== undefined || status === "suspended") {
    service.suspended_by = suspender ?? service.suspended_by ?? "partner";
    service.status = "suspended";
  }
  return records.viewLiveService(service);
}
