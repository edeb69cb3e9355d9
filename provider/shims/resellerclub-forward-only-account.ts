// The serialized provider of every resellerclub.ForwardOnlyAccount is `require("pulumi-mailreseller/bin/shims/resellerclub-forward-only-account.js")`:
// this path is a public contract (see provider/core/resource/shim.ts) and must never move.
import { lazyProvider } from "../core/resource/shim";

export = lazyProvider(
  "resellerclub.ForwardOnlyAccount",
  () => require("../resellerclub/forward-only-account").implementation,
);
