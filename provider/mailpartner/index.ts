export { Subaccount, subaccountArgsSchema } from "./subaccount";
export type { SubaccountArgs, SubaccountInputs, SubaccountOutputs } from "./subaccount";
