import { readResellerclubFault } from "../../provider/resellerclub/client";

describe("readResellerclubFault", () => {
  it("treats status ERROR as a failure even with HTTP 200", () => {
    expect(readResellerclubFault(200, { status: "ERROR", message: "Email address already exists" })).toEqual({
      code: "ERROR",
      message: "Email address already exists",
      failed: true,
      notFound: false,
    });
  });
  it("recognises a missing object", () => {
    expect(readResellerclubFault(200, { status: "ERROR", message: "User does not exist" })).toMatchObject({
      notFound: true,
    });
  });
  it("says nothing about a success", () => {
    expect(readResellerclubFault(200, { status: "SUCCESS" })).toBeUndefined();
    expect(readResellerclubFault(200, { recsonpage: "1" })).toBeUndefined();
  });
});

describe("readResellerclubFault on the mail API's wrapped answers (Pitchero/ResellerClub's recorded bodies)", () => {
  it("fails a wrapped FAILURE at HTTP 200 with the vendor's errorCode", () => {
    expect(
      readResellerclubFault(200, {
        response: {
          status: "FAILURE",
          message: "Email address is already registered with us",
          errorCode: "emailaddress_unique_key_voilation",
        },
      }),
    ).toEqual({
      code: "emailaddress_unique_key_voilation",
      message: "Email address is already registered with us",
      failed: true,
      notFound: false,
    });
  });
  it("reads emailaddress_does_not_exist and 'No Records found' as not found", () => {
    const gone = {
      response: {
        status: "FAILURE",
        message: "Email address test1@some-domain.co.uk does not exist",
        errorCode: "emailaddress_does_not_exist",
      },
    };
    expect(readResellerclubFault(200, gone)).toMatchObject({ failed: true, notFound: true });
    expect(
      readResellerclubFault(200, { response: { status: "FAILURE", message: "No Records found" } }),
    ).toMatchObject({
      notFound: true,
    });
  });
  it("takes SUCCESS in any case as a success", () => {
    expect(readResellerclubFault(200, { response: { status: "Success" } })).toBeUndefined();
    expect(readResellerclubFault(200, { response: { status: "SUCCESS", users: [] } })).toBeUndefined();
  });
  it("reads 'activate your FREE Email Services' as a refusal whatever the status, with or without a status word", () => {
    // The LogicBoxes Free Mail addon (tunnel-conflux/mail-host-box mailhostbox.php) reads only `message`.
    const message = "You need to activate your FREE Email Services before you can perform this action";
    for (const [status, body] of [
      [500, { status: "ERROR", message }],
      [200, { status: "ERROR", message }],
      [200, { message }],
    ] as const) {
      expect(readResellerclubFault(status, body)).toEqual({
        code: "ERROR",
        message,
        failed: true,
        notFound: false,
        refused: true,
      });
    }
  });
  it("takes a bare top-level message for an error only where no `response` came", () => {
    expect(readResellerclubFault(200, { response: { users: [] }, message: "x" })).toBeUndefined();
  });
  it("never takes an unknown order for a missing address", () => {
    expect(
      readResellerclubFault(500, { status: "ERROR", message: "Order 42 does not exist." }),
    ).toMatchObject({
      notFound: false,
    });
  });
});
