export { Account } from "./account";
export type { AccountArgs, AccountInputs, AccountOutputs } from "./account";
export { AccountPack } from "./account-pack";
export type { AccountPackArgs, AccountPackInputs, AccountPackOutputs } from "./account-pack";
export { getProfile, getProfileLanguages, getProfilePacks, getProfiles } from "./lookups";
export type { MailupPack, MailupProfile } from "./lookups";
