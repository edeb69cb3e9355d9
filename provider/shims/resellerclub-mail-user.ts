// The serialized provider of every resellerclub.MailUser is `require("pulumi-mailreseller/bin/shims/resellerclub-mail-user.js")`:
// this path is a public contract (see provider/core/shim.ts) and must never move.
import { lazyProvider } from "../core/shim";

export = lazyProvider("resellerclub.MailUser", () => require("../resellerclub/mail-user").implementation);
