/**
 * The four hostnames an activation asks for (control panel, custom, link and image tracking) and the
 * registry that hands each out once. Accounts and pending activations share the registry, and the admin
 * API reserves names in it too, so it stands apart from both.
 */

import { HttpError } from "../core/http";
import { CONTROL_PANEL_DOMAIN } from "./seed";

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
export const LABEL_PATTERN = new RegExp(`^${LABEL}$`, "i");
export const HOST = `(?:${LABEL}\\.)+[a-z]{2,63}`;
export const HOST_PATTERN = new RegExp(`^${HOST}$`, "i");

export interface Domains {
  controlPanel: string;
  custom: string;
  link: string;
  image: string;
}

/** The names MailUp derives from a custom subdomain and domain (both already checked and lower-case). */
export function domainsFor(customSubdomain: string, customDomain: string): Domains {
  return {
    controlPanel: `${customSubdomain}.${CONTROL_PANEL_DOMAIN}`,
    custom: `${customSubdomain}.${customDomain}`,
    link: `${customSubdomain}.t.${customDomain}`,
    image: `img.${customSubdomain}.t.${customDomain}`,
  };
}

/** Lower-case hostname → who holds it (`activation 9054`, `account 150001`, `reserved by the sandbox admin`). */
export class DomainRegistry {
  private holders = new Map<string, string>();

  clear(): void {
    this.holders = new Map();
  }

  has(host: string): boolean {
    return this.holders.has(host);
  }

  reserve(domains: Domains, holder: string): void {
    for (const host of Object.values(domains)) this.holders.set(host, holder);
  }

  release(domains: Domains): void {
    for (const host of Object.values(domains)) this.holders.delete(host);
  }

  /**
   * Marks a hostname as taken outside the sandbox (another retailer, say), so clients can meet the docs'
   * codes 7-9 without crafting colliding accounts.
   */
  reserveHost(hostname: string): void {
    const host = hostname.trim().toLowerCase();
    if (!HOST_PATTERN.test(host)) throw new HttpError(400, "BadRequest", "domain must be a hostname.");
    if (!this.holders.has(host)) this.holders.set(host, "reserved by the sandbox admin");
  }

  /** Every reserved name and its holder, for the admin snapshot. */
  toRecord(): Record<string, string> {
    return Object.fromEntries(this.holders);
  }
}
