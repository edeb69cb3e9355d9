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
  it("says nothing about a success", () => {
    expect(readMailpartnerFault(200, { success: true, code: 200 })).toBeUndefined();
  });
});
