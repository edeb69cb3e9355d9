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
