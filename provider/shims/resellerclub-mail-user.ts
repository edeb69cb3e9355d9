// The serialized provider of every resellerclub.MailUser is `require("pulumi-mailreseller/bin/shims/resellerclub-mail-user.js")`:
// this path is a public contract (see provider/core/resource/shim.ts) and must never move.
import { lazyProvider } from "../core/resource/shim";

export = lazyProvider("resellerclub.MailUser", () => require("../resellerclub/mail-user").implementation);
