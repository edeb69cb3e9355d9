/**
 * The price list: each product's tariffs (`service_names`), what a regrade may move to and what it costs.
 * It is the seed and never changes while the sandbox runs, so it is functions rather than state; the
 * balance that pays is in records.ts.
 */

import { validationError } from "./errors";
import { OUTMAIL_PRODUCT, type PartnerLiveService, type PartnerTariff, SEED_TARIFFS } from "./seed";

export function serviceNames(): PartnerTariff[] {
  return SEED_TARIFFS.map((t) => ({ ...t }));
}

export function tariffNamed(serviceName: string): PartnerTariff | undefined {
  return SEED_TARIFFS.find((t) => t.service_name === serviceName);
}

export function tariffNamesOf(product: string): string[] {
  return SEED_TARIFFS.filter((t) => t.product === product).map((t) => t.service_name);
}

export function outmailTariffNames(): string[] {
  return tariffNamesOf(OUTMAIL_PRODUCT);
}

/** The product's other tariffs, i.e. every tariff this service may be regraded to. */
export function regradeTargets(service: PartnerLiveService): string[] {
  return SEED_TARIFFS.filter(
    (t) => t.product === service.product && t.service_name !== service.tariff_service_name,
  ).map((t) => t.service_name);
}

function cost(serviceName: string): number {
  return tariffNamed(serviceName)?.credits ?? 0;
}

/**
 * The credits a regrade to `target` costs (none without a target); 422 when `target` is not in
 * `regrade_servicenames`. Upgrades cost the difference; downgrades are free and refund nothing.
 */
export function regradeCharge(service: PartnerLiveService, target: string | undefined): number {
  if (target === undefined) return 0;
  const allowed = regradeTargets(service);
  if (!allowed.includes(target)) {
    const why =
      target === service.tariff_service_name ? `it is already on ${target}` : `"${target}" is not a target`;
    throw validationError(
      "tariff_service_name",
      `cannot regrade live service ${service.id} to "${target}": ${why}; regrade_servicenames: ${allowed.join(", ")}.`,
    );
  }
  return Math.max(0, cost(target) - cost(service.tariff_service_name));
}
