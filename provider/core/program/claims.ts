/**
 * Program side of "one owner per vendor object" (provider/core/protocol/vendor-keys.ts): every resource class
 * claims the vendor keys its inputs declare when it is constructed, and a program that declares one key
 * twice fails before any resource reaches the engine, naming both resources and the key.
 *
 * Why here: the resource classes run in the program and see every declaration, before the engine has
 * asked any provider anything. The provider sees one resource at a time, and a policy runs only after
 * each resource's check (which may read from the vendor).
 *
 * How "before any vendor call" holds: a key given as a plain value is compared at once, and the second
 * constructor throws at the user's line. That alone is not enough, because the first resource's
 * registration is already on its way and the SDK finishes in-flight registrations before it reports the
 * program's error. So every claiming resource also registers behind a gate (an empty `dependsOn` that
 * settles one macrotask later, once the program's synchronous declarations are all made): once a duplicate
 * has been found in this run, every gate still closed fails instead of opening, and no resource of the
 * program is registered. A key that is an Output is compared when it resolves, inside the gate of its own
 * resource, so that resource is never registered; resources registered before it may already have been.
 */
import * as pulumi from "@pulumi/pulumi";

import {
  type ResourceLabel,
  type SharedKey,
  type VendorKey,
  KEY_RULES,
  describeKey,
  describeResource,
  keyId,
  sharedKeyMessage,
} from "../protocol/vendor-keys";

/** Thrown when a program declares one vendor object in two resources. */
export class DuplicateVendorKeyError extends Error {
  /** @param message - default: both resources, the key, and what to do. */
  constructor(
    readonly shared: SharedKey,
    message = sharedKeyMessage(shared),
  ) {
    super(message);
    this.name = "DuplicateVendorKeyError";
  }
}

/** What one run of the program has claimed. */
interface RunClaims {
  holders: Map<string, string>;
  duplicate?: DuplicateVendorKeyError;
}

// An Automation API process runs many programs one after another (and the Node.js SDK gives each run its
// own async-local store), so claims are kept per run: keyed by that store where the SDK has one, else
// one set for the process (the CLI's language host runs one program per process).
const runs = new WeakMap<object, RunClaims>();
const processRun: RunClaims = { holders: new Map() };

// The SDK's store reader, looked up once: `require` costs a module resolution per call (more under a
// loader such as tsx), and every resource asks twice.
let storeReader: (() => object | undefined) | null | undefined;

function sdkStore(): object | undefined {
  if (storeReader === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const state = require("@pulumi/pulumi/runtime/state") as { getStore?: () => object };
      storeReader = state.getStore ? () => state.getStore!() : null;
    } catch {
      storeReader = null;
    }
  }
  if (storeReader === null) return undefined;
  try {
    return storeReader();
  } catch {
    return undefined;
  }
}

function currentRun(): RunClaims {
  const store = sdkStore();
  if (store === undefined) return processRun;
  let run = runs.get(store);
  if (run === undefined) {
    run = { holders: new Map() };
    runs.set(store, run);
  }
  return run;
}

function claim(run: RunClaims, holder: string, key: VendorKey): void {
  if (run.duplicate) throw run.duplicate;
  const other = run.holders.get(keyId(key));
  if (other !== undefined && other !== holder) {
    run.duplicate = new DuplicateVendorKeyError({ key, holders: [other, holder] });
    throw run.duplicate;
  }
  run.holders.set(keyId(key), holder);
}

const isPlain = (v: unknown) => !(v instanceof Promise) && !pulumi.Output.isInstance(v);

/**
 * Claims the vendor keys that a resource's arguments declare, and returns its options with the gate
 * that keeps it from registering once the program has declared a key twice. Throws
 * {@link DuplicateVendorKeyError} at once when a plain key is already claimed by another resource.
 */
export function claimVendorKeys(
  label: ResourceLabel,
  name: string,
  args: object,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResourceOptions {
  const run = currentRun();
  const holder = describeResource(label, name);
  const values = args as Record<string, unknown>;
  const deferred: (typeof KEY_RULES)[ResourceLabel][number][] = [];
  for (const rule of KEY_RULES[label]) {
    if (!rule.inputs.every((input) => isPlain(values[input]))) {
      deferred.push(rule);
      continue;
    }
    const value = rule.value(values);
    if (value !== undefined) claim(run, holder, { kind: rule.kind, value });
  }
  const gate = new Promise<void>((resolve) => setImmediate(resolve)).then(
    async (): Promise<pulumi.Resource[]> => {
      for (const rule of deferred) {
        const resolved = await resolveInputs(rule.inputs, values);
        // Unknown during preview: nothing to compare yet (the policy pack and the provider still see it).
        if (resolved === undefined) continue;
        const value = rule.value(resolved);
        if (value !== undefined) claim(run, holder, { kind: rule.kind, value });
      }
      if (run.duplicate) {
        throw new DuplicateVendorKeyError(
          run.duplicate.shared,
          `${holder} was not registered: this program declares ${describeKey(run.duplicate.shared.key)} in ` +
            `more than one resource (${run.duplicate.shared.holders.join(", ")}), so no resource is registered`,
        );
      }
      return [] as pulumi.Resource[];
    },
  );
  // The program's own error is the duplicate's; a gate that fails is only its echo.
  gate.catch(() => undefined);
  return pulumi.mergeOptions(opts, { dependsOn: gate });
}

/** The values of the given inputs, or undefined when any is unknown (preview). */
async function resolveInputs(
  inputs: readonly string[],
  values: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  const resolved: Record<string, unknown> = {};
  for (const input of inputs) {
    const output: pulumi.Output<unknown> = pulumi.output(values[input]);
    // Output's own promise of whether preview knows the value (public on the class, not in its type).
    const known = await (output as unknown as { isKnown: Promise<boolean> }).isKnown;
    if (!known) return undefined;
    resolved[input] = await new Promise<unknown>((resolve) => output.apply((v) => resolve(v)));
  }
  return resolved;
}

/**
 * Claims a key only known once the resource exists (an outMail service's live service id, assigned by
 * the vendor): when another resource of the program declares it, the program fails with the message
 * naming both (the resources' registrations are already under way by then; the provider's own rule
 * keeps either from taking the other's object).
 */
export function claimOutputKey(
  label: ResourceLabel,
  name: string,
  kind: VendorKey["kind"],
  value: pulumi.Output<string | undefined>,
  resource: pulumi.Resource,
): void {
  const run = currentRun();
  const holder = describeResource(label, name);
  value.apply((v) => {
    if (typeof v !== "string" || v === "" || run.duplicate) return;
    try {
      claim(run, holder, { kind, value: v });
    } catch (err) {
      void pulumi.log.error((err as Error).message, resource);
    }
  });
}
