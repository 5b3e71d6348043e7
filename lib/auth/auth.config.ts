import type { NextAuthConfig } from "next-auth";
import type { Role } from "../roles";
import { authLogger } from "./auth-logger";
import { decode, encode } from "./jwt-codec";
import { sessionLimitsHold } from "./session-cookie";
import { sessionSettings } from "./settings";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; role: Role; name?: string | null };
    loginAt: number;
  }
}

/**
 * The part of the configuration that needs no database: shared by the proxy (which must stay
 * light) and the full configuration in auth.ts.
 */
export const authConfig = {
  trustHost: true,
  pages: { signIn: "/login", error: "/login" },
  session: { strategy: "jwt", maxAge: Math.ceil(sessionSettings().maxAgeMs / 1000), updateAge: 0 },
  // Same token format as Auth.js's default codec, without WebCrypto's per-call cost (jwt-codec.ts).
  jwt: { encode, decode },
  providers: [],
  // Its errors and warnings as JSON lines, like every other line of the console's log.
  logger: authLogger,
  callbacks: {
    async jwt({ token, user }) {
      const now = Date.now();
      if (user) {
        // An OIDC sign-in's user gets a random `id` from Auth.js (getUserAndAccount): the console
        // user's id travels as `consoleUserId` (lib/auth/auth.ts, the oidc provider's profile).
        const u = user as { id?: string; consoleUserId?: string };
        token.uid = u.consoleUserId ?? u.id;
        token.role = (user as { role?: Role }).role;
        token.loginAt = now;
        token.lastSeen = now;
        return token;
      }
      if (!sessionLimitsHold(token, now)) return null;
      token.lastSeen = now;
      return token;
    },
    async session({ session, token }) {
      session.user = {
        ...session.user,
        id: String(token.uid),
        role: token.role as Role,
        email: String(token.email ?? session.user?.email),
      };
      session.loginAt = Number(token.loginAt);
      return session;
    },
  },
} satisfies NextAuthConfig;
