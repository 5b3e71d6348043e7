// The serialized-page cache of DescribeARMServerInstances: a repeat is not serialized again, and a
// fleet change is never answered from the cache.
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeArmServerInstances } from "../actions/describe-arm-servers";
import { RawJson } from "../actions/types";
import { Params } from "../params";
import { EmulatorState } from "../state";

const list = (state: EmulatorState) =>
  describeArmServerInstances(new Params(new Map([["PageSize", "100"]])), { state, now: Date.now() }) as RawJson;

afterEach(() => vi.restoreAllMocks());

describe("DescribeARMServerInstances page cache", () => {
  it("serializes a page once per fleet version", () => {
    const state = new EmulatorState({ seed: 7, servers: 150, aicsPerServer: 4, transitionMs: 1000 });
    const stringify = vi.spyOn(JSON, "stringify");
    const pagesSerialized = () => stringify.mock.calls.filter(([v]) => v !== null && typeof v === "object" && "Servers" in v).length;
    const first = list(state);
    expect(pagesSerialized()).toBe(1);
    expect(list(state).members).toBe(first.members);
    expect(pagesSerialized()).toBe(1);

    const aic = state.fleet.servers[3].AICInstances[1];
    state.startTransition(aic, "rebooting", "RebootAICInstance", Date.now());
    const after = JSON.parse(`{${list(state).members}}`);
    expect(pagesSerialized()).toBe(2);
    expect(after.Servers[3].AICInstances[1].State).toBe("rebooting");
  });
});
