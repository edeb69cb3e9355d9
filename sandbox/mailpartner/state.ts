import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** The parent account's address: what `parent_email` answers, and where simple sub-accounts' mail goes. */
export const MAILPARTNER_PARENT_EMAIL = "parent@mailpartner.sandbox";
/**
 * Generated addresses of simple sub-accounts created without one: digits at MailPartner's domain, like the
 * docs' example `9875587@mailpartner.fr` (toodiz/docpartner `pages/docs/mail/sous-comptes/sous_comptep2.md`).
 */
export const GENERATED_EMAIL_DOMAIN = "mailpartner.fr";
/** The docs' example generated address is the first one the sandbox hands out. */
export const FIRST_GENERATED_NUMBER = 9875587;
/** `subaccount/list` answers this many sub-accounts per page (MailPartner's public docs). */
export const LIST_PAGE_SIZE = 20;

/**
 * A MailPartner failure: HTTP 200 with `{"success":false,"code","message"}`, `message` in the vendor's own
 * French. Thrown by the state, rendered by the router.
 */
export class MailPartnerFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Request fields by name, as sent (JSON body, form body or query string). */
export type MailPartnerFields = Readonly<Record<string, unknown>>;

/** The docs' two kinds: `simple` (no mail, cannot buy) and `advanced` (its own sign-up, may buy). */
export type SubaccountType = "simple" | "advanced";

/** A sub-account as the list and the admin API show it (the admin API without the token). */
export interface SubaccountView {
  email: string;
  type: SubaccountType;
  isBuyer: 0 | 1;
  title: string;
  firstname: string;
  lastname: string;
  /** Euros. */
  credit: number;
  createdAt: string;
}

interface SubaccountRecord extends Omit<SubaccountView, "credit"> {
  /** MailPartner's numeric id (the list's `id`), counted from 1. */
  id: number;
  token: string;
  /** The sub-account's own API key, which the list hands out: a secret the provider must never keep. */
  apiKey: string;
  creditCents: number;
}

/**
 * One sub-account as `subaccount/list` answers it (toodiz/docpartner
 * `pages/docs/mail/sous-comptes/sous_comptep3.md`): no names, no isBuyer, the balance a string with three
 * decimals, `createdAt` as "YYYY-MM-DD HH:MM:SS".
 */
export interface ListedSubaccount {
  id: number;
  email: string;
  type: SubaccountType;
  token: string;
  apiKey: string;
  createdAt: string;
  credits: { balance: string; currency: "EUR" };
}

/** What `startSandbox` passes in (`--mailpartner-api-key`, `--mailpartner-balance`). */
export interface MailPartnerStateOptions {
  /** The one key every call must send as `apiKey`. */
  apiKey: string;
  /** The parent account's balance in euros. */
  balance: number;
}

/** What an operator can seed (a sub-account made before Pulumi manages it): nothing is charged. */
export interface SeedSubaccount {
  type: SubaccountType;
  email?: string;
  isBuyer?: boolean;
  title?: string;
  firstname?: string;
  lastname?: string;
  /** Euros already on the sub-account. */
  credit?: number;
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Euros to cents; undefined when the value is not a number with at most two decimals. */
function cents(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) return undefined;
  const c = Math.round(n * 100);
  return Math.abs(c - n * 100) < 1e-6 ? c : undefined;
}

function text(fields: MailPartnerFields, name: string): string | undefined {
  const value = fields[name];
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** `isBuyer` as 0/1; the docs send integers, JSON clients may send booleans or strings. */
function flag(value: unknown): 0 | 1 | undefined {
  if (value === 1 || value === "1" || value === true || value === "true") return 1;
  if (value === 0 || value === "0" || value === false || value === "false") return 0;
  return undefined;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** MailPartner's sub-accounts and the parent's balance, in cents so that no float drift creeps in. */
export class MailPartnerState {
  private readonly apiKey: string;
  private readonly initialBalanceCents: number;
  private balanceCents: number;
  /** Cents moved from the parent to sub-accounts since the seed (create and credit/add). */
  private movedCents = 0;
  private readonly subaccountsByEmail = new Map<string, SubaccountRecord>();
  private generated = 0;
  private nextId = 1;

  constructor(options: MailPartnerStateOptions) {
    this.apiKey = options.apiKey;
    const start = cents(options.balance);
    if (start === undefined || start < 0) {
      throw new Error("the MailPartner balance must be a non-negative amount with at most 2 decimals");
    }
    this.initialBalanceCents = start;
    this.balanceCents = start;
  }

  /** The parent account's balance, in euros. */
  get balance(): number {
    return this.balanceCents / 100;
  }

  /** Sets the parent's balance (admin `PUT /balance`); RangeError unless ≥ 0 with at most 2 decimals. */
  setBalance(euros: number): void {
    const c = cents(euros);
    if (c === undefined || c < 0) throw new RangeError("balance must be >= 0 with at most 2 decimals");
    this.balanceCents = c;
  }

  /** The starting balance back, no sub-accounts, generated addresses counted from 1 again. */
  reset(): void {
    this.balanceCents = this.initialBalanceCents;
    this.movedCents = 0;
    this.subaccountsByEmail.clear();
    this.generated = 0;
    this.nextId = 1;
  }

  /** Codes 1 and 10, shared by every call. The message never repeats what was sent. */
  authenticate(fields: MailPartnerFields): void {
    const key = text(fields, "apiKey");
    if (key === undefined) throw new MailPartnerFailure(1, "La Clé API est requise");
    if (!sameSecret(key, this.apiKey)) throw new MailPartnerFailure(10, "Clé API incorrecte");
  }

  /**
   * `subaccount/create`: the checks in the order of the docs' codes, the address's uniqueness, then the
   * credit against the balance. Nothing is stored or charged on failure.
   */
  create(fields: MailPartnerFields): {
    success: true;
    code: 200;
    subaccount: { email: string; token: string };
    sendConfirmMailTo: string;
    parent_email: string;
  } {
    this.authenticate(fields);
    const typeText = text(fields, "type");
    if (typeText === undefined) throw new MailPartnerFailure(4, "Le type est requis (simple ou advanced)");
    if (typeText !== "simple" && typeText !== "advanced") {
      throw new MailPartnerFailure(5, "Le type de sous-compte n'existe pas (simple ou advanced)");
    }
    const type: SubaccountType = typeText;
    const parameters = this.parameters(fields.parameters);
    const emailText = this.checkedEmail(type, parameters);
    // Simple sub-accounts cannot buy (docs), so an isBuyer sent for one is ignored rather than refused.
    const isBuyer = type === "advanced" ? this.checkedIsBuyer(parameters) : 0;
    const email = emailText?.toLowerCase() ?? this.nextGeneratedEmail();
    if (this.subaccountsByEmail.has(email)) {
      throw new MailPartnerFailure(7, "Un compte existe déjà avec cet email");
    }
    let creditCents = 0;
    if (parameters.creditToAttribute !== undefined && parameters.creditToAttribute !== null) {
      const c = cents(parameters.creditToAttribute);
      if (c === undefined || c <= 0) {
        throw new MailPartnerFailure(8, "creditToAttribute doit être supérieure à 0");
      }
      if (c > this.balanceCents) throw new MailPartnerFailure(9, "La balance doit être supérieure à 0");
      creditCents = c;
    }

    this.balanceCents -= creditCents;
    this.movedCents += creditCents;
    const record = this.store({
      type,
      email,
      isBuyer,
      title: text(parameters, "title") ?? "",
      firstname: text(parameters, "firstname") ?? "",
      lastname: text(parameters, "lastname") ?? "",
      creditCents,
    });
    return {
      success: true,
      code: 200,
      subaccount: { email: record.email, token: record.token },
      sendConfirmMailTo: type === "advanced" ? record.email : MAILPARTNER_PARENT_EMAIL,
      parent_email: MAILPARTNER_PARENT_EMAIL,
    };
  }

  /** `subaccount/list`: 20 a page, oldest first; a page past the end is empty. */
  list(fields: MailPartnerFields): {
    success: true;
    code: 200;
    total: number;
    nb_per_page: number;
    page: number;
    data: ListedSubaccount[];
  } {
    this.authenticate(fields);
    const pageText = text(fields, "page");
    const page = pageText === undefined ? 1 : Number(pageText);
    if (!Number.isInteger(page) || page < 1) {
      throw new MailPartnerFailure(2, "Le numéro de page doit être un entier supérieur à 0");
    }
    const all = [...this.subaccountsByEmail.values()];
    const onPage = all.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE);
    return {
      success: true,
      code: 200,
      total: all.length,
      nb_per_page: LIST_PAGE_SIZE,
      page,
      data: onPage.map(listed),
    };
  }

  /** `subaccount/credit/add`: moves euros from the parent to a sub-account. */
  addCredit(fields: MailPartnerFields): {
    success: true;
    code: 200;
    credit: number;
    subaccountCredit: number;
    currency: "EUR";
  } {
    this.authenticate(fields);
    if (fields.credit === undefined || fields.credit === null || fields.credit === "") {
      throw new MailPartnerFailure(2, "Le crédit est requis");
    }
    const token = text(fields, "tokenSubaccount");
    if (token === undefined) throw new MailPartnerFailure(3, "L'identifiant du sous-compte est requis");
    const c = cents(fields.credit);
    if (c === undefined || c <= 0) {
      throw new MailPartnerFailure(5, "Le crédit à attribuer doit être supérieur à 0");
    }
    const record = [...this.subaccountsByEmail.values()].find((r) => sameSecret(r.token, token));
    if (record === undefined) throw new MailPartnerFailure(7, "Le sous-compte n'existe pas");
    if (c > this.balanceCents) throw new MailPartnerFailure(8, "Crédit insufisant");
    this.balanceCents -= c;
    this.movedCents += c;
    record.creditCents += c;
    return {
      success: true,
      code: 200,
      credit: this.balance,
      subaccountCredit: record.creditCents / 100,
      currency: "EUR",
    };
  }

  /** Every sub-account, oldest first, without tokens. */
  subaccounts(): SubaccountView[] {
    return [...this.subaccountsByEmail.values()].map(view);
  }

  /** A sub-account made outside Pulumi (for adoption tests): the parent is not charged. */
  seedSubaccount(seed: SeedSubaccount): SubaccountView & { token: string } {
    const email = seed.email?.toLowerCase() ?? this.nextGeneratedEmail();
    if (!EMAIL.test(email)) throw new RangeError(`not an email address: ${email}`);
    if (this.subaccountsByEmail.has(email)) throw new RangeError(`${email} already exists`);
    const creditCents = cents(seed.credit ?? 0);
    if (creditCents === undefined || creditCents < 0) {
      throw new RangeError("credit must be >= 0 with at most 2 decimals");
    }
    const record = this.store({
      type: seed.type,
      email,
      isBuyer: seed.type === "advanced" && seed.isBuyer === true ? 1 : 0,
      title: seed.title ?? "",
      firstname: seed.firstname ?? "",
      lastname: seed.lastname ?? "",
      creditCents,
    });
    return { ...view(record), token: record.token };
  }

  /** What an operator does in the MailPartner dashboard: the API has no delete. */
  removeSubaccount(email: string): boolean {
    return this.subaccountsByEmail.delete(email.toLowerCase());
  }

  /** The ledger: every sub-account (they hold money) and the euros moved from the parent. */
  ledger(): {
    balance: number;
    moved: number;
    subaccounts: { email: string; type: SubaccountType; credit: number }[];
  } {
    return {
      balance: this.balance,
      moved: this.movedCents / 100,
      subaccounts: this.subaccounts().map((s) => ({ email: s.email, type: s.type, credit: s.credit })),
    };
  }

  /** What `GET /__sandbox/mailpartner/state` answers: never a token. */
  snapshot(): { parentEmail: string; balance: number; subaccounts: SubaccountView[] } {
    return { parentEmail: MAILPARTNER_PARENT_EMAIL, balance: this.balance, subaccounts: this.subaccounts() };
  }

  private store(fields: Omit<SubaccountRecord, "id" | "token" | "apiKey" | "createdAt">): SubaccountRecord {
    const record: SubaccountRecord = {
      ...fields,
      id: this.nextId++,
      token: randomBytes(16).toString("hex"),
      apiKey: randomBytes(20).toString("hex"),
      createdAt: mailpartnerTimestamp(new Date()),
    };
    this.subaccountsByEmail.set(record.email, record);
    return record;
  }

  /**
   * Code 6 for an advanced sub-account without an address, and for any address that is not one: the docs
   * ask an advanced sub-account for "un email valide"; a simple one's optional address is held to the same
   * rule (assumed), since storing a malformed one would only fail later.
   */
  private checkedEmail(type: SubaccountType, parameters: MailPartnerFields): string | undefined {
    const email = text(parameters, "email");
    if (email === undefined) {
      if (type === "advanced") throw new MailPartnerFailure(6, "L'email est requis");
      return undefined;
    }
    if (!EMAIL.test(email)) throw new MailPartnerFailure(6, "L'email est invalide");
    return email;
  }

  /** Code 3 for an advanced sub-account's isBuyer, missing or not 0/1 (booleans and "0"/"1" accepted). */
  private checkedIsBuyer(parameters: MailPartnerFields): 0 | 1 {
    if (parameters.isBuyer === undefined || parameters.isBuyer === null) {
      throw new MailPartnerFailure(3, "isBuyer est requis");
    }
    const given = flag(parameters.isBuyer);
    if (given === undefined) throw new MailPartnerFailure(3, "isBuyer doit valoir 1 ou 0");
    return given;
  }

  /** The docs' VB sample sends `parameters` as a JSON text; the others as an object. */
  private parameters(raw: unknown): MailPartnerFields {
    if (typeof raw === "string") {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
          return parsed as MailPartnerFields;
        }
      } catch {
        // Unreadable parameters count as none: the type's own requirements then fail with their code.
      }
      return {};
    }
    return typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as MailPartnerFields) : {};
  }

  private nextGeneratedEmail(): string {
    for (;;) {
      this.generated += 1;
      const email = `${FIRST_GENERATED_NUMBER + this.generated - 1}@${GENERATED_EMAIL_DOMAIN}`;
      if (!this.subaccountsByEmail.has(email)) return email;
    }
  }
}

/** MailPartner's timestamps: "2016-03-04 11:23:14", no zone (UTC here). */
function mailpartnerTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

function listed(r: SubaccountRecord): ListedSubaccount {
  return {
    id: r.id,
    email: r.email,
    type: r.type,
    token: r.token,
    apiKey: r.apiKey,
    createdAt: r.createdAt,
    credits: { balance: (r.creditCents / 100).toFixed(3), currency: "EUR" },
  };
}

function view(r: SubaccountRecord): SubaccountView {
  return {
    email: r.email,
    type: r.type,
    isBuyer: r.isBuyer,
    title: r.title,
    firstname: r.firstname,
    lastname: r.lastname,
    credit: r.creditCents / 100,
    createdAt: r.createdAt,
  };
}
