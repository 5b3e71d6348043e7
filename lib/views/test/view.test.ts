// The saved query as the instance list reads it, and a URL that names a saved view.
import { describe, expect, it } from "vitest";
import { normalizeQuery, withSavedQuery } from "../view";

describe("saved view queries", () => {
  it("normalizeQuery keeps the list's parameters in its own order and drops the rest", () => {
    expect(normalizeQuery("?sort=name&login=open&node=a&node=b&x=1&view=abc")).toBe("node=a&node=b&login=open&sort=name");
    expect(normalizeQuery("")).toBe("");
    expect(normalizeQuery("sort=id&dir=asc&login=bogus")).toBe("");
    expect(normalizeQuery("q=a b&tag=env=prod")).toBe("q=a+b&tag=env%3Dprod");
  });

  it("withSavedQuery: the view's parameters, any other URL parameter in place of the view's, `view` dropped", () => {
    const url = new URLSearchParams("view=abc&login=outside&node=x");
    expect(withSavedQuery("node=a&node=b&login=open&sort=name", url).toString()).toBe("sort=name&login=outside&node=x");
    expect(withSavedQuery("login=open", new URLSearchParams("view=abc")).toString()).toBe("login=open");
  });
});
