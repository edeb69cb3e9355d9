export { Account, accountArgsSchema } from "./account";
export type { AccountArgs, AccountInputs, AccountOutputs } from "./account";
export { AccountPack, accountPackArgsSchema } from "./account-pack";
export type { AccountPackArgs, AccountPackInputs, AccountPackOutputs } from "./account-pack";
export { getProfile, getProfileLanguages, getProfilePacks, getProfiles } from "./lookups";
export type { MailupPack, MailupProfile } from "./lookups";
