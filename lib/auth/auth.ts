import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import { headers } from "next/headers";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { getDb } from "../db/client";
import { authConfig } from "./auth.config";
import { attemptLogin } from "./login";
import { oidcSettings } from "./oidc";
import { signInWithSso } from "./sso-sign-in";
import { revokeSession } from "./users";
import { sessionSettings } from "./settings";
import { clientIp } from "./request-info";

/** Where the SSO callback came from: profile() runs inside Auth.js's callback route handler. */
async function callbackRequestInfo(): Promise<{ ip: string | null; userAgent: string | null }> {
  try {
    const h = await headers();
    return { ip: clientIp(h), userAgent: h.get("user-agent") };
  } catch {
    return { ip: null, userAgent: null };
  }
}

export class LoginRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

function providers(): Provider[] {
  const list: Provider[] = [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        if (!email || !password || password.length > 1024) throw new LoginRefused("Console.InvalidCredentials");
        const res = await attemptLogin(await getDb(), {
          email,
          password,
          ip: clientIp(request.headers),
          userAgent: request.headers.get("user-agent"),
        });
        if (!res.ok) throw new LoginRefused(res.retryAfterSeconds ? `${res.code}:${res.retryAfterSeconds}` : res.code);
        return { id: res.user.id, email: res.user.email, name: res.user.name, role: res.user.role } as never;
      },
    }),
  ];
  const oidc = oidcSettings();
  if (oidc) {
    list.push({
      id: "oidc",
      name: oidc.name,
      type: "oidc",
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      async profile(claims) {
        const user = await signInWithSso(await getDb(), claims as Record<string, unknown>, oidc, await callbackRequestInfo());
        return { id: user.id, email: user.email, name: user.name, role: user.role } as never;
      },
    });
  }
  return list;
}

const config: NextAuthConfig = {
  ...authConfig,
  providers: providers(),
  events: {
    // Revoked before the cookie is cleared: a request still in flight may re-issue the cookie,
    // and the server must refuse it (findSessionUser).
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (token?.uid) await revokeSession(await getDb(), String(token.uid), Number(token.loginAt), sessionSettings().maxAgeMs);
    },
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth(config);
