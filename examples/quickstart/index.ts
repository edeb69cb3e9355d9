// The quickstart: one of each resource of pulumi-mailreseller. `npm run demo` deploys it against the
// local sandbox; point the `mailreseller:*` config at a vendor to deploy it for real.
import * as pulumi from "@pulumi/pulumi";
import { outmail } from "pulumi-mailreseller";

const config = new pulumi.Config();

// An outbound SMTP smarthost for client 9987606. Changing `outmailTariff` regrades it in place.
const smtpRelay = new outmail.Service("smtp-relay", {
  clientId: config.get("outmailClientId") ?? "9987606",
  serviceName: config.get("outmailTariff") ?? "Outmail500",
  username: config.get("outmailUsername") ?? "quickstart-relay",
  password: config.requireSecret("outmailPassword"),
  billingServiceId: "1324578",
});

export const outmailLiveServiceId = smtpRelay.liveServiceId;
export const outmailServerId = smtpRelay.outmailServerId;
export const outmailTariff = smtpRelay.serviceName;
