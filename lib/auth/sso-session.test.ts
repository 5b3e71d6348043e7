import type { JWT } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { authConfig } from "./auth.config";

type JwtArgs = Parameters<typeof authConfig.callbacks.jwt>[0];
const signIn = (user: Record<string, unknown>) =>
  authConfig.callbacks.jwt({ token: { email: "sso@e2e.test" } as JWT, user, account: null, trigger: "signIn" } as unknown as JwtArgs);

describe("the session of an SSO sign-in", () => {
  it("is the console user's, not the random id Auth.js gives an OIDC user", async () => {
    // What Auth.js makes of the oidc provider's profile(): its own random id, our fields kept.
    const token = await signIn({ id: "3f1c-random-from-authjs", consoleUserId: "u-42", role: "auditor" });
    expect(token).toMatchObject({ uid: "u-42", role: "auditor" });
  });

  it("is still the user's id for a password sign-in", async () => {
    expect(await signIn({ id: "u-7", role: "viewer" })).toMatchObject({ uid: "u-7", role: "viewer" });
  });
});
