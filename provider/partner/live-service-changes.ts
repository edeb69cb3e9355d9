/**
 * What every live service shares, whatever its product (outMail, Profilter, fakeMX, backupMX, masterDNS,
 * backupDNS; KB 403): the tariff catalogue with its credit costs, the direction of a regrade for the
 * policy pack, the regrade itself, un/suspension and deletion. `outmail.Service` and `partner.LiveService` both
 * reconcile through these, so a rule about live services is written once.
 */
import { refusedBeforeCall } from "../core/transport/errors";
import { confirmLostWrite } from "../core/resource/lost-write";
import { type Transition, rankedTransition } from "../core/resource/policy-facts";
import { unlessGone } from "../core/transport/gone";
import { RememberedReads } from "../core/transport/remembered";
import { type LiveServiceRecord, PartnerApi, isSuspendedBySystem } from "./client";

/** A tariff of the catalogue (`GET /live_services/service_names`). */
export interface TariffInfo {
  credits: number;
  /** Undefined when the catalogue does not say. */
  product?: string;
}

/**
 * The tariff catalogue, read once per provider process (check runs for every resource of a preview).
 * Undefined when it cannot be read (no config, vendor down): callers then fall back, never fail.
 */
const catalogue = new RememberedReads<"all", Map<string, TariffInfo>>();

export async function tariffCatalogue(api: () => PartnerApi): Promise<Map<string, TariffInfo> | undefined> {
  try {
    return await catalogue.get("all", async () => {
      const list = await api().listServiceNames();
      return new Map(
        list.serviceNames.map((s) => [s.serviceName, { credits: s.credits, product: s.product }]),
      );
    });
  } catch {
    return undefined;
  }
}

/** The credit cost of a tariff, when the catalogue can be read and lists it. */
export async function tariffCredits(api: () => PartnerApi, serviceName: string): Promise<number | undefined> {
  return (await tariffCatalogue(api))?.get(serviceName)?.credits;
}

/**
 * A regrade's direction by the tariffs' credit cost; where a cost is unknown, by the tier number in the
 * name (Outmail500 < Outmail1000, BackupMX1 < BackupMX5).
 */
export function tariffTransition(
  from: string,
  fromCredits: number | undefined,
  to: string,
  toCredits: number | undefined,
): Transition {
  if (fromCredits !== undefined && toCredits !== undefined) {
    return rankedTransition("serviceName", from, to, "credits", fromCredits, toCredits);
  }
  const tier = (name: string) => {
    const digits = /(\d+)\D*$/.exec(name)?.[1];
    return digits === undefined ? undefined : Number(digits);
  };
  return rankedTransition("serviceName", from, to, "tier number", tier(from), tier(to));
}

/** "backupMX live service 1234801", or "live service 1234801" when the product is not known. */
export function liveServiceLabel(liveServiceId: string, product?: string): string {
  return product ? `${product} live service ${liveServiceId}` : `live service ${liveServiceId}`;
}

/**
 * Regrades in place (`PATCH /live_services/{id}` with `tariff_service_name`, KB 403). Checks first what
 * the vendor would refuse, so the error can list the allowed targets or the credit shortfall; skips the
 * call when a previous, interrupted run already regraded. Returns the live service as read before.
 */
export async function regradeLiveService(
  api: PartnerApi,
  liveServiceId: string,
  from: string,
  to: string,
): Promise<LiveServiceRecord> {
  const live = await api.getLiveService(liveServiceId);
  if (live.tariff_service_name === to) return live;
  const what = `Could not regrade ${liveServiceLabel(liveServiceId, live.product)} from ${live.tariff_service_name} to ${to}`;
  const call = {
    vendor: "partner" as const,
    operation: "regrade live service",
    resource: liveServiceLabel(liveServiceId, live.product),
  };
  // KB 403: "do a GET on the /live_services/{id} and look at … regrade_servicenames"; when the answer
  // has no such list, the vendor's own answer to the PATCH decides.
  const targets = live.regrade_servicenames;
  if (targets !== undefined && !targets.includes(to)) {
    throw refusedBeforeCall(
      call,
      `${what}: the target is not in regrade_servicenames [${targets.join(", ")}]`,
    );
  }
  const { partnerCredits, serviceNames } = await api.listServiceNames();
  const cost = (name: string) => serviceNames.find((s) => s.serviceName === name)?.credits;
  const charge = Math.max(0, (cost(to) ?? 0) - (cost(live.tariff_service_name) ?? cost(from) ?? 0));
  if (charge > partnerCredits) {
    throw refusedBeforeCall(
      call,
      `${what}: it costs ${charge} partner credits and the balance is ${partnerCredits} ` +
        `(short by ${charge - partnerCredits}); top up credits, then run again`,
    );
  }
  try {
    await api.regradeLiveService(liveServiceId, to, (_fault, status) =>
      status === 405
        ? `${what}: insufficient partner credits (balance ${partnerCredits}); top up credits, then run again`
        : undefined,
    );
  } catch (err) {
    await confirmLostWrite(
      err,
      async () => (await api.getLiveService(liveServiceId)).tariff_service_name === to,
      `Live service ${liveServiceId} is still on ${live.tariff_service_name}, so nothing was regraded; it is safe to run \`pulumi up\` again`,
    );
  }
  return live;
}

/**
 * Suspends or unsuspends. Unsuspending a service Prolateral suspended (abuse, billing) is refused before
 * the write when the record (`live`, read here when not given) says so, and any refusal of an unsuspend says why it may be (KB 405: such a
 * service "can not be unsuspended by the Partner API").
 */
export async function setSuspended(
  api: PartnerApi,
  liveServiceId: string,
  suspended: boolean,
  live?: LiveServiceRecord,
): Promise<void> {
  // One read before an unsuspend: the record tells a system suspension the API cannot lift.
  if (!suspended) live ??= await api.getLiveService(liveServiceId);
  const label = liveServiceLabel(liveServiceId, live?.product);
  const systemRule =
    "a service suspended by the system (abuse, billing, …) cannot be unsuspended through the Partner API " +
    "(Prolateral KB 405): contact Prolateral support, or keep `suspended: true` in the program until they lift it";
  if (live !== undefined && !suspended && isSuspendedBySystem(live)) {
    throw refusedBeforeCall(
      { vendor: "partner", operation: "unsuspend live service", resource: label },
      `cannot unsuspend ${label}: Prolateral suspended it; ${systemRule}`,
    );
  }
  await api.setLiveServiceSuspended(liveServiceId, suspended, (_fault, status) =>
    !suspended && status >= 400 && status < 500 && status !== 401 && status !== 404
      ? `If Prolateral suspended ${label}, ${systemRule}`
      : undefined,
  );
}

/** `DELETE /live_services/{id}` (KB 406). A service already gone counts as deleted. */
export async function removeLiveService(api: PartnerApi, liveServiceId: string): Promise<void> {
  await unlessGone(() => api.deleteLiveService(liveServiceId));
}
