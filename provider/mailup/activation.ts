/**
 * A MailUp account's activation, its own subject: MailUp activates asynchronously (`POST
 * Account/Activation/…` answers with an activation id; `GET Account/Activation/{id}/Status` says Processing,
 * Ok with the account id, or a failure code), so `mailup.Account` starts one, waits for it here, and records
 * one that outlives its timeout as created-but-unfinished for the next `up` to resume. This module says what
 * each outcome means for the operator: a start whose answer was lost (never sent again: MailUp has no call
 * that finds an account by its domain), a failure code, a timeout.
 */
import {
  VendorError,
  VendorNotFoundError,
  joinSentences,
  outcomeUnknownError,
  refusedBeforeCall,
  withHint,
} from "../core/transport/errors";
import type { Journal, JournalValue } from "../core/resource/journal";
import { warnOperator } from "../core/resource/warn";
import { redact } from "../core/transport/redact";
import { mayHaveBeenApplied } from "../core/resource/lost-write";
import { pollUntilDone } from "../core/transport/poll";
import type { MailupActivationStatus, MailupClient } from "./client";

/** What the activation's messages need of the account being activated. */
export interface PendingActivation {
  activationId?: string;
  customSubdomain: string;
  customDomain: string;
  profileName: string;
}

/** Why an activation is recorded as unfinished, saying what the next run does about it. */
export function unfinishedReason(activationId: string, err: unknown): Error {
  // The activation's own outcomes (a failure code, a timeout) already say what the next run does.
  if (err instanceof VendorError && err.operation === ACTIVATE) return err;
  return withHint(
    err,
    `Activation ${activationId} was started: it is recorded as unfinished, and the next \`pulumi up\` ` +
      "resumes it instead of activating another account",
  );
}

/** The operation of an activation's own outcomes (a failure code, a timeout), as errors name it. */
export const ACTIVATE = "activate account";

/**
 * A failed activation start, with what the operator must do when it may have happened anyway. MailUp has
 * no call that finds an account or an activation by its domain, so a lost answer cannot be looked up
 * here (DESIGN.md invariant 3 forbids starting another blindly): the console can, and `adopt` takes over
 * what it shows. A later run then meets "Custom domain not available" (code 7), which gets the same hint.
 */
export function activationNotConfirmed(domain: string, err: unknown): Error {
  if (!(err instanceof VendorError))
    return err instanceof Error ? err : new Error(String(err), { cause: err });
  const consoleHint =
    `MailUp has no call to look an account up by its domain, so this cannot be checked from here: find ` +
    `${domain} in the MailUp console (the Agency/Reseller Panel's "View Accounts" lists every account); if ` +
    `an account holds it, set \`adopt: "<its account id>"\` on this resource to take it over`;
  if (mayHaveBeenApplied(err)) {
    return outcomeUnknownError(
      err,
      { why: "the activation may have started (and the account may exist)" },
      `${consoleHint}; if none does, run \`pulumi up\` again`,
    );
  }
  if (err.vendorCode === "Code 7" || /custom domain not available/i.test(err.vendorMessage ?? "")) {
    return withHint(
      err,
      `When an earlier run lost the answer to this account's activation (or was killed while it ran), the ` +
        `account exists. ${consoleHint}`,
    );
  }
  return err;
}

/**
 * What an activation status that is neither Ok nor Processing means for the operator. Code 2: the
 * activation failed and no account exists; -1 (unknown phase) and 3 (created, but the domains or service
 * fields could not be set) leave an account possibly in existence.
 */
export function activationFailure(pending: PendingActivation, status: MailupActivationStatus): VendorError {
  const domain = `${pending.customSubdomain}.${pending.customDomain}`;
  const failure = {
    vendor: "mailup" as const,
    operation: ACTIVATE,
    resource: `activation ${pending.activationId} of ${domain}`,
    vendorCode: `Code ${status.Code}`,
    vendorMessage: status.Description,
    reason: `activation ${pending.activationId} of ${domain} failed: ${`Code ${status.Code} ${status.Description ?? ""}`.trim()}`,
  };
  if (status.Code === 2) {
    return new VendorError({
      ...failure,
      hint: joinSentences(
        pending.profileName.toLowerCase() === "trial"
          ? "MailUp allows one Trial account per ExternalUserId (the retailer user); use another profile or adopt the existing Trial account"
          : undefined,
        "MailUp created no account. To activate again, run `pulumi up --replace <this resource's URN>` (or change the program); removing the resource deletes it from the state without a call",
      ),
    });
  }
  return new VendorError({
    ...failure,
    hint: `The account may exist nonetheless: look for ${domain} in the MailUp console, and set \`adopt: "<its account id>"\` on this resource if it is there`,
  });
}

/**
 * Polls the activation status until MailUp says it is done (Code 0, with the account id) or the timeout
 * passes. Throws the activation's failure ({@link activationFailure}), its timeout (a VendorError saying
 * the next run resumes it), or a call's error. Returns the account id.
 */
export async function waitForActivation(
  api: MailupClient,
  pending: PendingActivation,
  timeoutSeconds: number,
): Promise<string> {
  const activationId = pending.activationId!;
  const result = await pollUntilDone(
    async () => {
      const status = await api.getActivationStatus(activationId);
      if (status.Code === 0 && status.IdAccount) return { done: true as const, value: status.IdAccount };
      if (status.Code === 1) return { done: false as const, status: status.Description ?? "Processing" };
      throw activationFailure(pending, status);
    },
    { timeoutMs: timeoutSeconds * 1000 },
  );
  if (!result.done) {
    throw new VendorError({
      vendor: "mailup",
      operation: ACTIVATE,
      resource: `activation ${activationId}`,
      reason:
        `activation ${activationId} was still ${result.lastStatus ?? "processing"} after ` +
        `${timeoutSeconds}s (${result.checks} checks)`,
      hint:
        "It is recorded as unfinished, and the next `pulumi up` resumes waiting for it instead of activating " +
        "another account",
    });
  }
  return result.value;
}

// ---------------------------------------------------------------------------------------------------
// the activation journal (core/resource/journal): an activation recorded the moment MailUp answers
// ---------------------------------------------------------------------------------------------------

/** An account's key in the journal: its domain, which MailUp keeps unique. */
export function activationKey(account: { customSubdomain: string; customDomain: string }): string {
  return `mailup:${account.customSubdomain}.${account.customDomain}`.toLowerCase();
}

/**
 * The activation an earlier run recorded for this account, if any. A journal that cannot be read stops
 * the create before MailUp is called: starting an activation that could not be recorded would bring back
 * the hand step the journal is there to remove.
 */
export async function recordedActivation(journal: Journal, key: string): Promise<JournalValue | undefined> {
  try {
    return await journal.get(key);
  } catch (err) {
    throw refusedBeforeCall(
      { vendor: "mailup", operation: ACTIVATE, resource: key.replace(/^mailup:/, "") },
      `the activation journal (${journal.location}) cannot be read: ${redact((err as Error).message)}`,
      "Nothing was sent to MailUp. Make the journal reachable (or unset mailreseller:activationJournal to " +
        "run without one) and run `pulumi up` again",
    );
  }
}

/**
 * Records the activation MailUp just started. When the journal cannot take it, the activation goes on
 * (it is started, and the state records it when this run ends normally), and the operator is told that a
 * run killed now would need the console again.
 */
export async function recordActivation(
  journal: Journal,
  key: string,
  activation: JournalValue,
): Promise<void> {
  try {
    await journal.put(key, activation);
  } catch (err) {
    await warnOperator(
      `${key.replace(/^mailup:/, "")}: activation ${activation.IdActivation} was started but the activation ` +
        `journal (${journal.location}) could not record it (${redact((err as Error).message)}): if this run ` +
        "dies before it ends, find the account in the MailUp console and set `adopt`",
    );
  }
}

/** Whether a resumed activation is one to drop and start again: it failed with no account, or its account is gone. */
export function leftNoAccount(err: unknown): boolean {
  return (
    err instanceof VendorNotFoundError ||
    (err instanceof VendorError && err.operation === ACTIVATE && err.vendorCode === "Code 2")
  );
}

/** Forgets an account's activation (its account deleted); a journal that cannot be reached is only told. */
export async function forgetActivation(journal: Journal | undefined, key: string): Promise<void> {
  try {
    await journal?.remove(key);
  } catch (err) {
    // Harmless: a later create resumes the recorded activation only while its account exists.
    await warnOperator(
      `the activation journal (${journal?.location}) could not forget ${key.replace(/^mailup:/, "")}: ` +
        redact((err as Error).message),
    );
  }
}
