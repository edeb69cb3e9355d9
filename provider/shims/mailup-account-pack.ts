// The serialized provider of every mailup.AccountPack is `require("pulumi-mailreseller/bin/shims/mailup-account-pack.js")`:
// this path is a public contract (see provider/core/shim.ts) and must never move.
import { lazyProvider } from "../core/shim";
import type { AccountPackInputs, AccountPackOutputs } from "../mailup/account-pack";

export = lazyProvider<AccountPackInputs, AccountPackOutputs>(
  "mailup.AccountPack",
  () => require("../mailup/account-pack").implementation,
);
