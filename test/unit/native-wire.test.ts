/**
 * The native provider's value translation (provider/native/wire.ts): secrets arrive as the engine's
 * envelopes and leave wrapped again under the same names; unknowns pass as the sentinel; protobuf never
 * sees `undefined`.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

import { UNKNOWN_VALUE } from "../../provider/core/protocol/policy-facts-protocol";
import { fromStruct, secret, toStruct, wrapSecrets } from "../../provider/native/wire";

const SIG = "4dabf18193072939515e22adb298388d";

test("secrets are unwrapped, and the top-level names that held one are kept", () => {
  const struct = Struct.fromJavaScript({
    username: "relay",
    password: secret("s3cret-passw0rd") as never,
    forwards: ["a@example.com", secret("b@example.com") as never],
    serviceName: UNKNOWN_VALUE,
  });
  const { props, secretKeys } = fromStruct(struct);
  expect(props).toEqual({
    username: "relay",
    password: "s3cret-passw0rd",
    forwards: ["a@example.com", "b@example.com"],
    serviceName: UNKNOWN_VALUE,
  });
  expect([...secretKeys].sort()).toEqual(["forwards", "password"]);
});

test("the named properties go back as secrets, once, and undefined is dropped at every depth", () => {
  const struct = toStruct(
    { password: "s3cret-passw0rd", token: secret("t0ken"), nested: { a: undefined, b: 1 }, gone: undefined },
    ["password", "token"],
  );
  expect(struct.toJavaScript()).toEqual({
    password: { [SIG]: "1b47061264138c4ac30d75fd1eb44270", value: "s3cret-passw0rd" },
    token: { [SIG]: "1b47061264138c4ac30d75fd1eb44270", value: "t0ken" },
    nested: { b: 1 },
  });
  expect(fromStruct(struct).props.password).toBe("s3cret-passw0rd");
  expect(wrapSecrets({ a: 1 }, ["b"])).toEqual({ a: 1 });
});

test("an absent struct is no properties", () => {
  expect(fromStruct(undefined)).toEqual({ props: {}, secretKeys: new Set() });
});
