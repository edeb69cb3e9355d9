/**
 * The zod schema of each resource type's arguments: the single source of their validation, and of the
 * schema's input types, enums, defaults and required inputs. Keyed by resource type, so a type added to
 * provider/core/protocol/type-tokens.ts fails to compile here until its schema is named.
 */
import type { z } from "zod";

import type { ResourceLabel } from "../../provider/core/protocol/type-tokens";
import { subaccountArgsSchema } from "../../provider/mailpartner/subaccount";
import { accountArgsSchema } from "../../provider/mailup/account";
import { accountPackArgsSchema } from "../../provider/mailup/account-pack";
import { liveServiceArgsSchema } from "../../provider/partner/live-service";
import { serviceArgsSchema } from "../../provider/partner/service";
import { forwardOnlyAccountArgsSchema } from "../../provider/resellerclub/forward-only-account";
import { mailUserArgsSchema } from "../../provider/resellerclub/mail-user";

export const ARG_SCHEMAS: Record<ResourceLabel, z.ZodObject> = {
  "outmail.Service": serviceArgsSchema,
  "partner.LiveService": liveServiceArgsSchema,
  "resellerclub.MailUser": mailUserArgsSchema,
  "resellerclub.ForwardOnlyAccount": forwardOnlyAccountArgsSchema,
  "mailpartner.Subaccount": subaccountArgsSchema,
  "mailup.Account": accountArgsSchema,
  "mailup.AccountPack": accountPackArgsSchema,
};
