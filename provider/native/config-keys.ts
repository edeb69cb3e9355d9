/**
 * Every stack setting of the package (`mailreseller:*`), in one list: each vendor's credentials, the
 * request layer's, the activation journal, taking over, and the deletion guard. The native provider's
 * package schema declares them as its config variables and its provider resource's inputs
 * (scripts/schema), and the README's configuration table lists them (test/unit/readme-config.test.ts).
 */
import { deletionGuardSetting } from "../core/program/deletion-guard";
import { journalSetting } from "../core/resource/journal";
import { takeOverSetting } from "../core/resource/take-over";
import type { SettingSpec } from "../core/transport/config";
import { requestSettings } from "../core/transport/http";
import { mailpartnerSettings } from "../mailpartner/client";
import { mailupSettings } from "../mailup/client";
import { partnerSettings } from "../partner/client";
import { resellerclubSettings } from "../resellerclub/client";

/** The settings, vendors first, in the README's order. */
export const PACKAGE_SETTINGS: readonly SettingSpec[] = [
  ...partnerSettings,
  ...mailupSettings,
  ...resellerclubSettings,
  ...mailpartnerSettings,
  takeOverSetting,
  journalSetting,
  deletionGuardSetting,
  ...requestSettings,
];
