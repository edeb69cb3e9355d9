// The serialized provider of every mailup.Account is `require("pulumi-mailreseller/bin/shims/mailup-account.js")`:
// this path is a public contract (see provider/core/shim.ts) and must never move.
import { lazyProvider } from "../core/shim";

export = lazyProvider("mailup.Account", () => require("../mailup/account").implementation);
