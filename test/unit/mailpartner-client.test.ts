import { readMailpartnerFault } from "../../provider/mailpartner/client";

describe("readMailpartnerFault", () => {
  it("fails on success:false even with HTTP 200, keeping the vendor's code and French text next to the English", () => {
    expect(
      readMailpartnerFault(200, { success: false, code: 7, message: "Un compte existe déjà avec cet email" }),
    ).toEqual({
      code: "7",
      message: 'an account already exists with this email ("Un compte existe déjà avec cet email")',
      failed: true,
      notFound: false,
      insufficientFunds: false,
    });
  });
  it("marks the balance code as insufficient funds and 404 as not found", () => {
    expect(
      readMailpartnerFault(200, { success: false, code: 9, message: "La balance doit être supérieure à 0" }),
    ).toMatchObject({
      insufficientFunds: true,
    });
    expect(
      readMailpartnerFault(200, { success: false, code: 404, message: "Le sous-compte n'existe pas" }),
    ).toMatchObject({
      notFound: true,
    });
  });
  it("reads the validation shape (code 9 with a list of fields) at any status as a refusal, not the balance", () => {
    // smspartnerfr/SMS-API-GO v1/testdata/send_sms_error.json calls the list `error`; docpartner `errors`.
    const list = [
      { elementId: "children[message].data", message: "Le message est requis" },
      {
        elementId: "children[sender].data",
        message: "L'emetteur ne peut pas etre plus long que 11 caracteres",
      },
    ];
    for (const [status, key] of [
      [400, "error"],
      [200, "errors"],
    ] as const) {
      expect(readMailpartnerFault(status, { success: false, code: 9, [key]: list })).toEqual({
        code: "9",
        message:
          "refused field by field: children[message].data: Le message est requis; " +
          "children[sender].data: L'emetteur ne peut pas etre plus long que 11 caracteres",
        failed: true,
        refused: true,
      });
    }
    // The first shape with HTTP 400 is read as with 200.
    expect(
      readMailpartnerFault(400, { success: false, code: 7, message: "Un compte existe déjà avec cet email" }),
    ).toMatchObject({ code: "7", failed: true });
  });
  it("marks code 10 (Clé API incorrecte) as wrong credentials", () => {
    expect(
      readMailpartnerFault(200, { success: false, code: 10, message: "Clé API incorrecte" }),
    ).toMatchObject({
      code: "10",
      message: 'the API key is wrong ("Clé API incorrecte")',
      unauthorized: true,
    });
  });
  it("says nothing about a success", () => {
    expect(readMailpartnerFault(200, { success: true, code: 200 })).toBeUndefined();
  });
});
