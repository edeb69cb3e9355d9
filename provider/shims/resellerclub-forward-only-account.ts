// The serialized provider of every resellerclub.ForwardOnlyAccount is `require("pulumi-mailreseller/bin/shims/resellerclub-forward-only-account.js")`:
// this path is a public contract (see provider/core/shim.ts) and must never move.
import { lazyProvider } from "../core/shim";
import type {
  ForwardOnlyAccountInputs,
  ForwardOnlyAccountOutputs,
} from "../resellerclub/forward-only-account";

export = lazyProvider<ForwardOnlyAccountInputs, ForwardOnlyAccountOutputs>(
  "resellerclub.ForwardOnlyAccount",
  () => require("../resellerclub/forward-only-account").implementation,
);
