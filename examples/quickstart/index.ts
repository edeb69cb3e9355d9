// The quickstart: one of each resource of pulumi-mailreseller. `npm run demo` deploys it against the
// local sandbox; point the `mailreseller:*` config at a vendor to deploy it for real.
import * as pulumi from "@pulumi/pulumi";
import { mailpartner, mailup, outmail, partner, resellerclub } from "pulumi-mailreseller";

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

// The client's backup MX, bought in the portal (the Partner API creates only outMail services): taken
// over by its live service id, which reads it and writes nothing. Changing `backupMxTariff` regrades it
// in place, within backupMX's tariffs (partner.getServiceNames({ product: "backupMX" }) lists them).
const backupMx = new partner.LiveService("backup-mx", {
  liveServiceId: config.get("backupMxLiveServiceId") ?? "1234801",
  product: "backupMX",
  serviceName: config.get("backupMxTariff") ?? "BackupMX1",
  clientId: config.get("outmailClientId") ?? "9987606",
});

export const backupMxTariff = backupMx.serviceName;

// A MailUp console for the same customer, activated asynchronously. Changing `mailupProfile` switches
// its profile in place; its tracking domains need CNAMEs at the customer's DNS (exported below).
const marketing = new mailup.Account("marketing-console", {
  profile: config.get("mailupProfile") ?? "Economy",
  language: "EN",
  ipAddress: "192.0.2.10",
  email: "marketing@customer.example",
  customDomain: "customer.example",
  customSubdomain: "news",
  serviceName: "Customer newsletters",
  serviceUrl: "www.customer.example/newsletters",
  serviceLogoutUrl: "www.customer.example",
});

// Sending credits for it: the quantity is set absolutely, so `mailupCredits` is the total wanted.
new mailup.AccountPack("marketing-credits", {
  accountId: marketing.accountId,
  pack: "Crediti300",
  quantity: config.getNumber("mailupCredits") ?? 2,
});

export const mailupAccountId = marketing.accountId;
export const mailupProfile = marketing.profileName;
export const mailupCnames = {
  controlPanel: marketing.controlPanelDomain,
  linkTracking: marketing.linkTrackingDomain,
  imageTracking: marketing.imageTrackingDomain,
};

// A mailbox and a forward-only address on the customer's ResellerClub email order (1001, customer.example
// in the sandbox). Names update in place; changing the address replaces the mailbox, as preview shows.
const mailbox = new resellerclub.MailUser("office-mailbox", {
  orderId: config.get("resellerclubOrderId") ?? "1001",
  email: "office@customer.example",
  password: config.requireSecret("mailboxPassword"),
  notificationEmail: "it@customer-parent.example",
  firstName: "Office",
  lastName: config.get("mailboxLastName") ?? "Mailbox",
  countryCode: "GB",
  languageCode: "en",
});

// `forwards` is a set: reordering it changes nothing.
new resellerclub.ForwardOnlyAccount("sales-forward", {
  orderId: config.get("resellerclubOrderId") ?? "1001",
  email: "sales@customer.example",
  forwards: config.getObject<string[]>("salesForwards") ?? ["office@customer.example"],
});

export const mailboxId = mailbox.id;

// A MailPartner sub-account for the customer's shop. `creditToAttribute` (euros) is taken from the parent
// account once, at creation: changing `shopCredit` later moves no money (preview warns). MailPartner has
// no delete call, so destroy leaves the sub-account at MailPartner and says so.
const shop = new mailpartner.Subaccount("shop-subaccount", {
  type: "advanced",
  email: "shop@customer.example",
  isBuyer: false,
  creditToAttribute: config.getNumber("shopCredit") ?? 10,
  title: "Customer shop",
  firstName: "Office",
  lastName: "Mailbox",
});

export const shopSubaccountEmail = shop.email;
export const shopSubaccountToken = shop.token; // a secret output: shown as [secret]
