export { Subaccount } from "./subaccount";
export type { SubaccountArgs, SubaccountInputs, SubaccountOutputs } from "./subaccount";
