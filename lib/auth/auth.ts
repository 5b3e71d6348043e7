import NextAuth, { CredentialsSignin, customFetch, type NextAuthConfig } from "next-auth";
import { headers } from "next/headers";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { getDb } from "../db/client";
import { authConfig } from "./auth.config";
import { attemptLogin } from "./login";
import { oidcSettings } from "./oidc";
import { signInWithSso, SsoRefused } from "./sso-sign-in";
import { signOutSession } from "./sign-out";
import { signInInput } from "./sign-in-input";
import { sessionSettings } from "./settings";
import { clientIp } from "./request-info";
import { trackInFlight } from "../lifecycle";
import { logger } from "../log/logger";

const log = logger("auth");
const SSO_FETCH_TIMEOUT_MS = 10_000;

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
        const res = await trackInFlight(async () =>
          attemptLogin(await getDb(), { ...parsed.data, ip: clientIp(request.headers), userAgent: request.headers.get("user-agent") }),
        );
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
      // The IdP not answering (down, wrong address) is a refusal with its own code, not Auth.js's
      // "Configuration": the login page says so in the reader's language.
      [customFetch]: async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
        // An IdP that accepts the connection and never answers must not hang the sign-in.
        const timeout = AbortSignal.timeout(SSO_FETCH_TIMEOUT_MS);
        try {
          return await fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
        } catch (err) {
          log.warn({ err, issuer: oidc.issuer }, "the SSO provider could not be reached");
          throw new LoginRefused("Console.SsoUnavailable");
        }
      },
      async profile(claims) {
        try {
          const user = await trackInFlight(async () =>
            signInWithSso(await getDb(), claims as Record<string, unknown>, oidc, await callbackRequestInfo()),
          );
          log.info({ method: "oidc", outcome: "success", user: user.email, role: user.role }, "sign-in success");
          return { id: user.id, consoleUserId: user.id, email: user.email, name: user.name, role: user.role } as never;
        } catch (e) {
          // Auth.js swallows what profile() throws (the login page would get no reason): the
          // refusal travels to the signIn callback instead, which sends its code to the page.
          if (e instanceof SsoRefused) {
            log.info({ method: "oidc", outcome: "failure", code: e.code }, "sign-in failure");
            return { id: "sso-refused", ssoRefused: e.code } as never;
          }
          throw e;
        }
      },
    });
  }
  return list;
}

const config: NextAuthConfig = {
  ...authConfig,
  providers: providers(),
  callbacks: {
    ...authConfig.callbacks,
    // An SSO refusal (already audited by signInWithSso) goes to /login?error=CredentialsSignin&code=<code>.
    async signIn({ user }) {
      const refused = (user as { ssoRefused?: string }).ssoRefused;
      if (refused) throw new LoginRefused(refused);
      return true;
    },
  },
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
