/**
 * The types of the resource machinery that the published declarations reach: a resource's checked
 * inputs (derived from its hand-written args interface) and its change table. They live apart from
 * ./inputs, which holds the zod machinery, because a user's compiler reads every declaration file the
 * package's entry point reaches, and zod's declarations need compiler flags (esModuleInterop) that many
 * Pulumi projects' tsconfig does not set. Nothing here may import zod (test/package/pack.test.ts checks
 * the published declarations).
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * A resource's arguments as check returns them: plain values where a program may pass Outputs, and the
 * arguments the schema gives a default (`Defaulted`) always present. Beside each resource,
 * `const _inputsAgree: InputsAgree<CheckedArgs<ServiceArgs, "suspended">, typeof serviceArgsSchema> = true;`
 * (./inputs) keeps it equal to what the schema returns.
 */
export type CheckedArgs<Args, Defaulted extends keyof Args = never> = pulumi.Unwrap<Omit<Args, Defaulted>> &
  Required<pulumi.Unwrap<Pick<Args, Defaulted>>>;

/** What a change of one input does. */
export type ChangeKind =
  /** Sent to the vendor by update. */
  | "update"
  /**
   * A secret the vendor never returns (a password): sent by update when it changes, but when the state
   * records none (an import, whose read cannot know it), the program's value is taken as it is.
   */
  | "writeOnly"
  /** The vendor cannot change it: the resource is replaced. */
  | "replace"
  /**
   * The vendor cannot change it, and its reads may not report it (a MailUp account's domains, which no
   * read returns; a live service's product, when neither its record nor the tariff list names it): a
   * change replaces the resource, but when the state records none (an import, whose read could not know
   * it), the program's value is taken as it is, as for `writeOnly`. A resource that was created or
   * adopted records the value it was given, so only an import's first value goes unjudged.
   */
  | "replaceIfKnown"
  /** Bookkeeping (for example `adopt`): never causes a change. */
  | "ignore";

/** The per-property table every resource declares next to its schema. */
export type ChangeTable<K extends string> = Record<K, ChangeKind>;
