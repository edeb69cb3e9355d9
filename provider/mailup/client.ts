/**
 * The MailUp Retailer Service client: OAuth2 bearer tokens (provider/core/transport/oauth), one short method per
 * call, everything else in provider/core's request layer. The two status calls follow MailUp's own
 * Retailer pages ("Get retailer's customer account profile activation status", "Get retailer's customer
 * account status", in the stored versions of help.mailup.com's "Self provisioning - retailers only"); the
 * source of each call is listed under "Sources" in sandbox/README.md.
 */
import { z } from "zod";

import { VendorError } from "../core/transport/errors";
import { ConfigSource, SettingSpec, readSettings, requireHttpUrl } from "../core/transport/config";
import { VendorFault, VendorHttpClient, VendorRequest } from "../core/transport/http";
import { Page, allItems } from "../core/transport/paginate";
import { PasswordGrantTokenSource } from "../core/transport/oauth";
import type { MailupPack, MailupProfile } from "./lookup-types";

export type { MailupPack, MailupProfile } from "./lookup-types";

/** The config keys of MailUp. */
export const mailupSettings = [
  {
    key: "mailupApiUrl",
    description:
      "MailUp Retailer Service base URL, e.g. https://services.mailup.com/API/v1.1/Rest/RetailerService.svc",
  },
  {
    key: "mailupTokenUrl",
    description: "MailUp OAuth2 token endpoint, e.g. https://services.mailup.com/Authorization/OAuth/Token",
  },
  { key: "mailupClientId", description: "MailUp OAuth2 client id" },
  { key: "mailupClientSecret", description: "MailUp OAuth2 client secret", secret: true },
  { key: "mailupUsername", description: "MailUp retailer user name" },
  { key: "mailupPassword", description: "MailUp retailer password", secret: true },
] as const satisfies readonly SettingSpec[];

const restError = z.object({
  ErrorCode: z.coerce.string().optional(),
  ErrorDescription: z.string().optional(),
  ErrorName: z.string().optional(),
});
const resultCode = z.object({ Code: z.coerce.number(), Description: z.string().optional() });

/** Reads MailUp's two error shapes: `{ErrorCode, ErrorDescription, ErrorName}` and the docs' `{Code, Description}`. */
export function readMailupFault(status: number, body: unknown): VendorFault | undefined {
  if (status < 400) return undefined;
  const coded = resultCode.safeParse(body);
  // A coded 403 is a business rule ("Custom domain not available"), not bad credentials: no auth hint.
  if (coded.success) {
    return { code: `Code ${coded.data.Code}`, message: coded.data.Description, refused: status === 403 };
  }
  const rest = restError.safeParse(body);
  if (rest.success && (rest.data.ErrorName || rest.data.ErrorDescription)) {
    const message = rest.data.ErrorDescription;
    // The docs answer 403 "You cannot access to provided account" for an account id that does not exist.
    const notFound = status === 403 && /cannot access to provided account/i.test(message ?? "");
    return { code: rest.data.ErrorName ?? rest.data.ErrorCode, message, notFound };
  }
  return { message: typeof body === "string" && body.length > 0 ? body.slice(0, 300) : undefined };
}

const profile = z.object({
  Id: z.coerce.string(),
  Name: z.string(),
  Description: z.string().optional(),
  ClientCode: z.number(),
});

const pack = z.object({
  Id: z.coerce.string(),
  Name: z.string(),
  Description: z.string().optional(),
  ClientCode: z.number().optional(),
  Min: z.number(),
  Max: z.number(),
});

const activation = z.object({
  Code: z.number(),
  Description: z.string().optional(),
  IdActivation: z.coerce.string(),
  Hash: z.string().optional(),
  ControlPanelDomain: z.string(),
  ImageTrackingDomain: z.string(),
  LinkTrackingDomain: z.string(),
});
/** What starting an activation returns. */
export type MailupActivation = z.infer<typeof activation>;

const activationStatus = z
  .object({
    Code: z.coerce.number(),
    Description: z.string().optional(),
    // 0 while processing: only an account id other than 0 names an account.
    IdAccount: z.coerce
      .string()
      .optional()
      .transform((id) => (id === undefined || id === "0" || id === "" ? undefined : id)),
  })
  .loose();
/**
 * 0 Ok (with the account id), 1 Processing; and, from the 403 MailUp answers for them, 2 Error (the
 * activation failed), -1 unknown phase, 3 created but not finalised.
 */
export type MailupActivationStatus = z.infer<typeof activationStatus>;
/** The activation status codes MailUp answers with a 403 (the docs' error table). */
const FAILED_ACTIVATION_CODES = new Set([-1, 2, 3]);

// The documented pack entry is {CurrentQuantity, Id, Quantity}; `IdPack` is accepted too.
const activePack = z
  .object({
    Id: z.coerce.string().optional(),
    IdPack: z.coerce.string().optional(),
    Quantity: z.coerce.number(),
    CurrentQuantity: z.coerce.number().optional(),
  })
  .loose();
/** A pack entry of an account, normalised. */
export interface MailupActivePack {
  Id: string;
  Quantity: number;
  CurrentQuantity: number;
}
// `GET Account/{id}/Status`: Code, Description, ActivePacks, Credits, IdAccount, IdProfile, ValidFrom,
// ValidTo, and nothing about the address, language, domains or names.
const account = z
  .object({
    Code: z.coerce.number(),
    Description: z.string().optional(),
    IdAccount: z.coerce.string().optional(),
    IdProfile: z.coerce.string(),
    Credits: z.coerce.number().optional(),
    ValidFrom: z.string().optional(),
    ValidTo: z.string().optional(),
    ActivePacks: z
      .array(activePack)
      .default([])
      .transform((packs) =>
        packs.flatMap((p): MailupActivePack[] => {
          const id = p.Id ?? p.IdPack;
          return id === undefined
            ? []
            : [{ Id: id, Quantity: p.Quantity, CurrentQuantity: p.CurrentQuantity ?? p.Quantity }];
        }),
      ),
  })
  .loose();
/** An account's status as MailUp reports it. */
export type MailupAccount = z.infer<typeof account>;

/** What an account's status says of a `mailup.Account`'s arguments (nothing of address, language, domains). */
export interface AccountRecordArgs {
  /** The profile's name when the caller knows it, else its id. */
  profile: string;
  enabled: boolean;
}

/**
 * An account's status as the resource's arguments: the one mapping that refresh (read), adoption and
 * import-plan use. The status names the profile only by id; the caller gives its name when it has it.
 */
export function accountArgsOf(account: MailupAccount, profileName?: string): AccountRecordArgs {
  return { profile: profileName ?? account.IdProfile, enabled: account.Code === 0 };
}

/** What an account's pack entry says of a `mailup.AccountPack`'s arguments. */
export interface AccountPackRecordArgs {
  accountId: string;
  pack: string;
  quantity: number;
}

/** An account's pack entry as the resource's arguments: for refresh (read), adoption and import-plan. */
export function accountPackArgsOf(accountId: string, active: MailupActivePack): AccountPackRecordArgs {
  return { accountId, pack: active.Id, quantity: active.Quantity };
}

const accountStatus = z.object({
  Code: z.number(),
  Description: z.string().optional(),
  ValidFrom: z.string().optional(),
  ValidTo: z.string().optional(),
});

/** The activation request body, as the docs name its fields. */
export interface ActivationRequest {
  IpAddress: string;
  Email: string;
  CustomDomain: string;
  CustomSubdomain: string;
  ServiceName: string;
  ServiceUrl: string;
  ServiceLogoutUrl: string;
  UserAgent?: string;
  Referer?: string;
}

// The token source lives as long as the provider process: every resource shares its token.
const tokenSources = new Map<string, PasswordGrantTokenSource>();

/** Builds a client from config (stack config in the provider, `pulumi.Config` in a program) or the environment. */
export function mailupClientFromConfig(source?: ConfigSource): MailupClient {
  const s = readSettings("MailUp", mailupSettings, source);
  const tokenUrl = requireHttpUrl("mailupTokenUrl", s.mailupTokenUrl);
  const key = [tokenUrl, s.mailupClientId, s.mailupUsername].join("\n");
  let tokens = tokenSources.get(key);
  if (!tokens) {
    tokens = new PasswordGrantTokenSource(
      "mailup",
      {
        tokenUrl,
        clientId: s.mailupClientId,
        clientSecret: s.mailupClientSecret,
        username: s.mailupUsername,
        password: s.mailupPassword,
      },
      { config: source },
    );
    tokenSources.set(key, tokens);
  }
  return new MailupClient(requireHttpUrl("mailupApiUrl", s.mailupApiUrl), tokens, undefined, source);
}

/** Typed calls of the MailUp Retailer Service. */
export class MailupClient {
  private readonly http: VendorHttpClient;

  /**
   * @param pageSize - items asked for per page of a list; default 50.
   * @param config - where the request layer's settings are read (see `requestSettings` in core/transport/http.ts).
   */
  constructor(
    baseUrl: string,
    tokens: PasswordGrantTokenSource,
    private readonly pageSize = 50,
    config?: ConfigSource,
  ) {
    this.http = new VendorHttpClient({
      vendor: "mailup",
      baseUrl,
      bearer: tokens,
      readFault: readMailupFault,
      config,
    });
  }

  /** Every item of a paged list (`PageSize`, `PageNumber`, `TotalElementsCount`); a bare array is taken as one page. */
  private async allPages<S extends z.ZodType>(
    item: S,
    req: Omit<VendorRequest, "method" | "idempotency">,
  ): Promise<z.infer<S>[]> {
    const page = z.union([
      z.array(item),
      z.object({ Items: z.array(item), TotalElementsCount: z.number().optional() }),
    ]);
    let seen = 0;
    return allItems(
      async (pageNumber): Promise<Page<z.infer<S>>> => {
        const body = await this.http.call(page, {
          ...req,
          method: "GET",
          query: { ...req.query, PageSize: this.pageSize, PageNumber: pageNumber },
          idempotency: "idempotent",
        });
        // A bare array (the Lang sample) is the whole list.
        if (Array.isArray(body)) return { items: body, last: true };
        seen += body.Items.length;
        return { items: body.Items, last: seen >= (body.TotalElementsCount ?? seen) };
      },
      { first: 0, context: { vendor: "mailup", operation: req.operation, resource: req.resource } },
    );
  }

  /** `GET Management/Profile`, every page. */
  async listProfiles(): Promise<MailupProfile[]> {
    const items = await this.allPages(profile, { operation: "list profiles", path: "/Management/Profile" });
    return items.map((p) => ({
      id: p.Id,
      name: p.Name,
      description: p.Description,
      clientCode: p.ClientCode,
    }));
  }

  /** `GET Management/Profile/{id}/Pack`, every page. */
  async listProfilePacks(profileId: string): Promise<MailupPack[]> {
    const items = await this.allPages(pack, {
      operation: "list packs of profile",
      resource: `profile ${profileId}`,
      path: `/Management/Profile/${encodeURIComponent(profileId)}/Pack`,
    });
    return items.map((p) => ({ id: p.Id, name: p.Name, description: p.Description, min: p.Min, max: p.Max }));
  }

  /** `GET Management/Profile/{id}/Lang`, every page: two-letter language codes. */
  async listProfileLanguages(profileId: string): Promise<string[]> {
    return this.allPages(z.string(), {
      operation: "list languages of profile",
      resource: `profile ${profileId}`,
      path: `/Management/Profile/${encodeURIComponent(profileId)}/Lang`,
    });
  }

  /** `POST Account/Activation/Profile/{id}/Language/{lang}`. Not idempotent: it starts a new account. */
  async startActivation(
    profileId: string,
    language: string,
    request: ActivationRequest,
  ): Promise<MailupActivation> {
    return this.http.call(activation, {
      operation: "start account activation",
      resource: `${request.CustomSubdomain}.${request.CustomDomain}`,
      method: "POST",
      path: `/Account/Activation/Profile/${encodeURIComponent(profileId)}/Language/${encodeURIComponent(language)}`,
      json: request,
      idempotency: "non-idempotent",
    });
  }

  /**
   * `GET Account/Activation/{id}/Status`: 201 Code 1 while processing, 200 Code 0 with `IdAccount` when
   * done. A failed activation is a 403 carrying Code 2 (or -1, 3): returned here as that status, not
   * thrown, so the caller can tell "failed" from "could not ask".
   */
  async getActivationStatus(activationId: string): Promise<MailupActivationStatus> {
    try {
      return await this.http.call(activationStatus, {
        operation: "read activation status",
        resource: `activation ${activationId}`,
        method: "GET",
        path: `/Account/Activation/${encodeURIComponent(activationId)}/Status`,
        idempotency: "idempotent",
      });
    } catch (err) {
      const code = err instanceof VendorError ? /^Code (-?\d+)$/.exec(err.vendorCode ?? "") : null;
      if (
        err instanceof VendorError &&
        err.httpStatus === 403 &&
        code &&
        FAILED_ACTIVATION_CODES.has(Number(code[1]))
      ) {
        return { Code: Number(code[1]), Description: err.vendorMessage, IdAccount: undefined };
      }
      throw err;
    }
  }

  /**
   * `GET Account/{id}/Status`: profile, enabled (Code 0), validity and packs. A missing account is
   * VendorNotFoundError (MailUp answers 403 "You cannot access to provided account.").
   */
  async getAccount(accountId: string): Promise<MailupAccount> {
    return this.http.call(account, {
      operation: "read account status",
      resource: `account ${accountId}`,
      method: "GET",
      path: `/Account/${encodeURIComponent(accountId)}/Status`,
      idempotency: "idempotent",
    });
  }

  /**
   * `PUT Account/{id}/Profile/{id_Profile}`: starts or checks a profile switch. True when done (200),
   * false while in progress (202). The docs let it be called as often as needed, so it is idempotent. A
   * switch that failed is MailUp's 500 ("If an error occurred it returns 500 Internal Server Error"), a
   * VendorServerError the request layer does not repeat (see `switchProfile` in account.ts).
   */
  async switchProfile(accountId: string, profileId: string): Promise<boolean> {
    const res = await this.http.request({
      operation: `switch profile to ${profileId}`,
      resource: `account ${accountId}`,
      method: "PUT",
      path: `/Account/${encodeURIComponent(accountId)}/Profile/${encodeURIComponent(profileId)}`,
      idempotency: "idempotent",
    });
    return res.status !== 202;
  }

  /** `PUT Account/{id}?Enable=…`. Idempotent. */
  async setEnabled(accountId: string, enabled: boolean): Promise<z.infer<typeof accountStatus>> {
    return this.http.call(accountStatus, {
      operation: enabled ? "enable account" : "disable account",
      resource: `account ${accountId}`,
      method: "PUT",
      path: `/Account/${encodeURIComponent(accountId)}`,
      query: { Enable: enabled },
      idempotency: "idempotent",
    });
  }

  /** `DELETE Account/{id}`; a missing account is VendorNotFoundError. */
  async deleteAccount(accountId: string): Promise<void> {
    await this.http.request({
      operation: "delete account",
      resource: `account ${accountId}`,
      method: "DELETE",
      path: `/Account/${encodeURIComponent(accountId)}`,
      idempotency: "idempotent",
    });
  }

  /**
   * `POST Account/{id}/Pack/{id_Pack}` in the absolute work mode: sets the total quantity, so a repeat
   * has the same effect and it can be retried (never incremental arithmetic on a guessed state).
   */
  async setPackQuantity(
    accountId: string,
    packId: string,
    quantity: number,
    hint?: VendorRequest["hint"],
  ): Promise<void> {
    const result = await this.http.call(resultCode, {
      operation: `set pack ${packId} to ${quantity}`,
      resource: `account ${accountId}`,
      method: "POST",
      path: `/Account/${encodeURIComponent(accountId)}/Pack/${encodeURIComponent(packId)}`,
      json: { Quantity: quantity, WorkMode: "absolute" },
      idempotency: "idempotent",
      hint,
    });
    if (result.Code !== 0) {
      throw new VendorError({
        vendor: "mailup",
        operation: `set pack ${packId} to ${quantity}`,
        resource: `account ${accountId}`,
        httpStatus: 200,
        vendorCode: `Code ${result.Code}`,
        vendorMessage: result.Description,
      });
    }
  }
}
