import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import { headers } from "next/headers";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { getDb } from "../db/client";
import { authConfig } from "./auth.config";
import { attemptLogin } from "./login";
import { oidcSettings } from "./oidc";
import { signInWithSso } from "./sso-sign-in";
import { signOutSession } from "./sign-out";
import { signInInput } from "../validation/sign-in";
import { sessionSettings } from "./settings";
import { clientIp } from "./request-info";

/** Where the SSO callback or the sign-out came from: both run inside Auth.js's route handler. */
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
        // A malformed email is refused here, before anything is recorded or checked (the form runs
        // the same schema first).
        const parsed = signInInput.safeParse({ email: credentials?.email, password: credentials?.password });
        if (!parsed.success)
          throw new LoginRefused(
            parsed.error.issues.some((i) => i.path[0] === "email") ? "Console.InvalidEmail" : "Console.InvalidCredentials",
          );
        const res = await attemptLogin(await getDb(), {
          ...parsed.data,
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
    // and the server must refuse it (findSessionUser). Audited as `auth.sign_out`.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (!token?.uid) return;
      const from = await callbackRequestInfo();
      await signOutSession(await getDb(), { uid: String(token.uid), loginAt: Number(token.loginAt), ...from }, sessionSettings().maxAgeMs);
    },
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth(config);
