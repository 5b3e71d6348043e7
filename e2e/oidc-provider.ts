import { generateKeyPairSync, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

// A real OpenID Connect provider (oidc-provider, a certified implementation) for e2e/sso.spec.ts,
// started in the spec's own process so the spec can change a user's groups and stop it. The
// console finds it through AUTH_OIDC_* (scripts/e2e-server.sh): issuer http://127.0.0.1:<E2E_PORT + 2>.
// Its login page is a minimal one of its own (username and password); consent is skipped.

const consolePort = Number(process.env.E2E_PORT ?? 3210);
export const IDP_PORT = consolePort + 2;
export const ISSUER = `http://127.0.0.1:${IDP_PORT}`;
// The same values as scripts/e2e-server.sh.
export const CLIENT_ID = "aic-console-e2e";
export const CLIENT_SECRET = "e2e-oidc-client-secret-0123456789abcdef";
/** Every account's password at this provider. */
export const IDP_PASSWORD = "idp-password";

export type IdpAccount = {
  email: string;
  groups: string[];
  /** Absent: the claim is not sent at all. */
  emailVerified?: boolean;
  name?: string;
};

/** The accounts at the provider, by login name (the email) — which is also the subject (`sub`). */
export const ACCOUNTS = new Map<string, IdpAccount>();

export function addAccount(account: IdpAccount) {
  ACCOUNTS.set(account.email, account);
}

/** Changes what the provider says about a user's groups from its next sign-in on. */
export function setGroups(email: string, groups: string[]) {
  const account = ACCOUNTS.get(email);
  if (!account) throw new Error(`no account ${email} at the test identity provider`);
  account.groups = groups;
}

const role = (r: string, group: string): IdpAccount => ({ email: `sso-${r}@e2e.test`, groups: [group], emailVerified: true });
for (const a of [
  role("admin", "aic-admins"),
  role("operator", "aic-ops"),
  role("auditor", "aic-audit"),
  role("viewer", "aic-viewers"),
  { email: "sso-nogroup@e2e.test", groups: ["marketing", "all-staff"], emailVerified: true },
  { email: "sso-unverified@e2e.test", groups: ["aic-viewers"], emailVerified: false },
  { email: "sso-noverified@e2e.test", groups: ["aic-viewers"] },
  { email: "sso-mover@e2e.test", groups: ["aic-viewers"], emailVerified: true },
])
  addAccount(a);

function signingKey() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: "e2e-rs256", alg: "RS256", use: "sig" };
}

function configuration(): Configuration {
  return {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        // The console, and its second replica in the PostgreSQL run.
        redirect_uris: [consolePort, consolePort + 1].map((p) => `http://127.0.0.1:${p}/api/auth/callback/oidc`),
      },
    ],
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomUUID()] },
    // Auth.js reads the user's claims from the ID token.
    conformIdTokenClaims: false,
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    features: { devInteractions: { enabled: false } },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // No consent step: every scope the console asks for is granted at once.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, sub) {
      const account = ACCOUNTS.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: account.email,
            ...(account.emailVerified === undefined ? {} : { email_verified: account.emailVerified }),
            name: account.name ?? account.email.split("@")[0],
            groups: [...account.groups],
          };
        },
      };
    },
  };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, error?: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider: sign in</title></head>
<body><main><h1>Test identity provider</h1>
<form method="post" action="/interaction/${escape(uid)}">
${error ? `<p role="alert">${escape(error)}</p>` : ""}
<p><label for="username">Username</label> <input id="username" name="username" autocomplete="username" autofocus></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password"></p>
<button type="submit">Sign in to the identity provider</button>
</form></main></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

/** The provider's own login step: GET shows the form, POST checks the password and finishes the login. */
async function interaction(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  const html = (status: number, body: string) => {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(body);
  };
  if (details.prompt.name !== "login") {
    // Consent is never needed (loadExistingGrant); anything else is not part of these tests.
    return html(501, `<p>Prompt ${escape(details.prompt.name)} is not implemented by the test identity provider.</p>`);
  }
  if (req.method !== "POST") return html(200, loginPage(details.uid));
  const form = await readForm(req);
  const username = form.get("username")?.trim() ?? "";
  if (!ACCOUNTS.has(username) || form.get("password") !== IDP_PASSWORD)
    return html(200, loginPage(details.uid, "Wrong username or password."));
  await provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
}

export type RunningIdp = { url: string; stop: () => Promise<void> };

/** Starts the provider on 127.0.0.1:IDP_PORT. */
export async function startIdp(): Promise<RunningIdp> {
  const provider = new Provider(ISSUER, configuration());
  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith("/interaction/")) {
      interaction(provider, req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
        res.end(`The test identity provider could not continue: ${e instanceof Error ? e.message : String(e)}`);
      });
      return;
    }
    void callback(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(IDP_PORT, "127.0.0.1", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      // Kept-alive connections (the console's fetches) too: "down" means nothing answers.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
