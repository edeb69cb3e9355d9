/**
 * Reading a Pulumi URN (`urn:pulumi:<stack>::<project>::<type>::<name>`), for what the operator commands,
 * the policy pack's allow-list and the GitOps preview show or match: a resource by its name.
 */

/** The resource's name: the last `::` segment of its URN (what an allow-list entry's `name` matches). */
export function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** The resource's type token: the last `$`-separated part of the URN's third segment (parents first). */
export function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}
