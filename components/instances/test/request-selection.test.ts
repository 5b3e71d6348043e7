import { describe, expect, it } from "vitest";
import { bulkSelection, loginControls, selectionCount, singleInstance } from "../request-selection";

describe("request selection", () => {
  it("counts ids, or the N of all matching", () => {
    expect(selectionCount({ ids: ["aic-1", "aic-2"] })).toBe(2);
    expect(selectionCount({ filter: "node=cn-hz", expected: 40 })).toBe(40);
  });

  it("names the one instance of a one-id selection only", () => {
    expect(singleInstance({ ids: ["aic-1"] })).toBe("aic-1");
    expect(singleInstance({ ids: ["aic-1", "aic-2"] })).toBeNull();
    expect(singleInstance({ filter: "q=aic-1", expected: 1 })).toBeNull();
  });

  it("builds the same selection the bulk open uses", () => {
    expect(bulkSelection(null, new Set(["aic-2", "aic-1"]))).toEqual({ ids: ["aic-2", "aic-1"] });
    expect(bulkSelection({ filter: "state=running", expected: 7 }, new Set(["aic-1"]))).toEqual({ filter: "state=running", expected: 7 });
  });
});

describe("login controls", () => {
  it("direct: the switch opens and closes, no request", () => {
    expect(loginControls("direct", true, false)).toEqual({ switchEnabled: true, opensByRequest: false, request: false });
    expect(loginControls("direct", true, true)).toEqual({ switchEnabled: true, opensByRequest: false, request: false });
  });

  it("an operator under approval: closes at once, opens by request", () => {
    expect(loginControls("request", true, false)).toEqual({ switchEnabled: false, opensByRequest: true, request: true });
    expect(loginControls("request", true, true)).toEqual({ switchEnabled: true, opensByRequest: false, request: true });
  });

  it("a requester: no direct change, only the request", () => {
    expect(loginControls("request", false, false)).toEqual({ switchEnabled: false, opensByRequest: false, request: true });
    expect(loginControls("request", false, true)).toEqual({ switchEnabled: false, opensByRequest: false, request: true });
  });

  it("a viewer: nothing", () => {
    expect(loginControls("none", false, false)).toEqual({ switchEnabled: false, opensByRequest: false, request: false });
  });
});
