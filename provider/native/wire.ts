/**
 * Property values as the engine sends them to a native provider and as the resource implementations
 * know them: the one place that translates.
 *
 * On the wire (a protobuf Struct, with `acceptSecrets` negotiated) a secret is an envelope object
 * `{ "4dabf…": "1b47…", value }`, and a value not known yet (preview) is the unknown sentinel string,
 * which is also what the implementations compare against (policy-facts-protocol.ts). The implementations
 * see plain values; which top-level properties arrived secret is kept beside them, so that whatever is
 * returned under those names goes back secret (a checked input, an output), and so that the policy pack
 * can be told which secret-demanding inputs the program passed in plain text.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

import { withoutUndefined } from "../core/resource/shim";

/** The signature key of the engine's special objects (pkg/resource/properties.go `SigKey`). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature of a secret (`SecretSig`). */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A JSON-shaped property map. */
export type Props = Record<string, unknown>;

/** Properties with their secrets unwrapped, and the top-level names that held a secret anywhere inside. */
export interface Unwrapped {
  props: Props;
  secretKeys: Set<string>;
}

function isSecretEnvelope(value: unknown): value is { value?: unknown } {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** A value with every secret envelope inside it replaced by its value; `found` says whether there was one. */
function unwrapValue(value: unknown, found: { secret: boolean }): unknown {
  if (isSecretEnvelope(value)) {
    found.secret = true;
    return unwrapValue(value.value, found);
  }
  if (Array.isArray(value)) return value.map((v) => unwrapValue(v, found));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapValue(v, found)]));
  }
  return value;
}

/** A Struct from the engine as plain properties, noting which top-level properties were secret. */
export function fromStruct(struct: Struct | undefined): Unwrapped {
  const raw = (struct?.toJavaScript() ?? {}) as Props;
  const props: Props = {};
  const secretKeys = new Set<string>();
  for (const [key, value] of Object.entries(raw)) {
    const found = { secret: false };
    props[key] = unwrapValue(value, found);
    if (found.secret) secretKeys.add(key);
  }
  return { props, secretKeys };
}

/** A secret envelope around `value`. */
export function secret(value: unknown): Props {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/**
 * Plain properties as a Struct for the engine, the named top-level properties wrapped as secrets.
 * `undefined` is dropped at every depth: protobuf has no such value.
 */
export function toStruct(props: Props | undefined, secretKeys: Iterable<string> = []): Struct {
  return Struct.fromJavaScript(
    wrapSecrets(props ?? {}, secretKeys) as Parameters<typeof Struct.fromJavaScript>[0],
  );
}

/** Properties with the named top-level ones wrapped as secrets (once), and `undefined` dropped. */
export function wrapSecrets(props: Props, secretKeys: Iterable<string>): Props {
  const secrets = new Set(secretKeys);
  const out: Props = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    const plain = withoutUndefined(value);
    out[key] = secrets.has(key) && !isSecretEnvelope(plain) ? secret(plain) : plain;
  }
  return out;
}
