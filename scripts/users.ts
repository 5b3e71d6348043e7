import { randomUUID } from "node:crypto";
import { withAudit } from "../lib/audit/append";
import { MIN_PASSWORD_LENGTH } from "../lib/auth/password";
import { findUserByEmail, isRole, listUsers } from "../lib/auth/users";
import type { Db } from "../lib/db/client";
import { ROLES } from "../lib/db/schema";
import { ConsoleError } from "../lib/errors";
import { auditUserChange, cliActor, userChangeEvent, type UserChange } from "../lib/users/audit-user-change";
import { createUser } from "../lib/users/create-user";
import { linkSsoIdentity } from "../lib/users/link-sso-identity";
import { newPassword, type NewPassword } from "../lib/users/new-password";
import { resetPassword } from "../lib/users/reset-password";
import { setUserDisabled } from "../lib/users/set-user-disabled";
import { setUserRole } from "../lib/users/set-user-role";
import { normalizeValidEmail } from "../lib/auth/sign-in-input";
import { openCliDb } from "./open-db";

const USAGE = `Usage: npm run users -- <command>
  add <email> <role> [--generate]     create a user (role: ${ROLES.join("|")})
  list                                list users
  disable <email> | enable <email>    block or restore access (takes effect on the next request)
  set-role <email> <role>             change a role
  set-password <email> [--generate]   change a password (ends the user's sessions)
  link-sso <email> <issuer> <subject> let this SSO identity sign in as the user (e.g. a password account)
Passwords are read from standard input (one line), or generated and printed with --generate.
They are never taken as an argument. Every change is written to the audit log in the same
transaction (no change without its record), and every refused one is recorded too.
No change may leave the console without an enabled admin.`;

/** A change that could not be made: audited as a failure, then reported. */
class Refused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The password typed or piped in, or a generated one (printed once); hashed before any transaction. */
async function readPassword(generate: boolean): Promise<NewPassword> {
  if (generate) return newPassword();
  if (process.stdin.isTTY) process.stderr.write("Password (input is visible; pipe it in to avoid that): ");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    if (process.stdin.isTTY && Buffer.concat(chunks).includes(10)) break;
  }
  const password = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0];
  if (!password) throw new Refused("Console.InvalidInput", "No password on standard input. Pipe one in, or use --generate.");
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new Refused("Console.InvalidInput", `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  return newPassword(password);
}

interface Command {
  audit: Omit<UserChange, "actor" | "error">;
  /** Work before the transaction: reading and hashing a password. */
  prepare?(db: Db): Promise<void>;
  /** The change's audit operation id, when the change must name it (a disable's offboarding); else a fresh one. */
  operationId?: string;
  /** Makes the change inside the audited transaction and returns what to print; throws Refused when nothing may change. */
  run(tx: Db): Promise<string>;
}

// Each command calls the same service as the console's action (lib/users/<verb>-<noun>.ts), in a
// savepoint of the audited transaction; the CLI has no console user, so no self-change check.

/** The command named by the arguments, or null when they do not make one (usage is printed). */
function parse(cmd: string, args: string[], generate: boolean): Command | null {
  const [rawEmail = "", role = "", third = ""] = args;
  if (!rawEmail) return null;
  // An address the sign-in form would refuse could never sign in: refused here (not audited: it is not a user).
  const email = normalizeValidEmail(rawEmail);
  if (!email) return null;
  const shown = (p: NewPassword) => (p.generated ? ` Password: ${p.password}` : "");
  switch (cmd) {
    case "add": {
      if (!isRole(role)) return null;
      let entered: NewPassword | undefined;
      return {
        audit: { action: "user.create", email, params: { role, passwordGenerated: generate } },
        async prepare(db) {
          // Checked before the password is asked for, so nobody types one for a user who already exists.
          if (await findUserByEmail(db, email)) throw new Refused("Console.Conflict", `User ${email} already exists.`);
          entered = await readPassword(generate);
        },
        async run(tx) {
          const u = await createUser(tx, { email, role }, entered);
          return `Added ${u.email} (${u.role}).${shown(entered!)}`;
        },
      };
    }
    case "disable":
    case "enable": {
      // The disable's event gets this id, so the offboarding it starts names it (History links them).
      const operationId = randomUUID();
      return {
        audit: { action: cmd === "disable" ? "user.disable" : "user.enable", email },
        operationId,
        async run(tx) {
          const u = await setUserDisabled(tx, { email, disabled: cmd === "disable" }, null, { operationId });
          const offboarding = u.offboarding
            ? ` Offboarding ${u.offboarding.operationId} recorded: a running console closes their logins with personal keys and deletes the keys.`
            : "";
          return `${u.email} is now ${u.disabled ? "disabled" : "active"}.${offboarding}`;
        },
      };
    }
    case "set-role":
      if (!isRole(role)) return null;
      return {
        audit: { action: "user.set_role", email, params: { role } },
        async run(tx) {
          const u = await setUserRole(tx, { email, role }, null);
          return `${u.email} is now ${u.role}.`;
        },
      };
    case "set-password": {
      let entered: NewPassword | undefined;
      return {
        audit: { action: "user.set_password", email, params: { passwordGenerated: generate } },
        async prepare(db) {
          // Checked before the password is asked for, so nobody types one for a user who is not there.
          if (!(await findUserByEmail(db, email))) throw new Refused("Console.NotFound", `No user ${email}.`);
          entered = await readPassword(generate);
        },
        async run(tx) {
          const u = await resetPassword(tx, { email }, null, entered);
          return `Password changed for ${u.email}; its existing sessions are ended.${shown(entered!)}`;
        },
      };
    }
    case "link-sso": {
      const issuer = role;
      const subject = third;
      if (!/^https?:\/\/\S{1,500}$/.test(issuer) || !/^[\x21-\x7e]{1,255}$/.test(subject)) return null;
      return {
        audit: { action: "user.link_sso", email, params: { issuer, subject } },
        async run(tx) {
          const u = await linkSsoIdentity(tx, { email, issuer, subject });
          return `${u.email} can now sign in with SSO as ${subject} at ${issuer}.`;
        },
      };
    }
    default:
      return null;
  }
}

async function main() {
  const [cmd, ...rest] = process.argv.slice(2);
  const generate = rest.includes("--generate");
  const args = rest.filter((a) => a !== "--generate");
  if (!cmd || cmd === "help" || cmd === "--help") return console.log(USAGE);
  const command = cmd === "list" ? null : parse(cmd, args, generate);
  if (cmd !== "list" && !command) {
    console.error(USAGE);
    process.exitCode = 1;
    return;
  }
  const h = await openCliDb();
  try {
    if (!command) {
      for (const u of await listUsers(h.db)) console.log(`${u.email}\t${u.role}\t${u.disabled ? "disabled" : "active"}`);
      return;
    }
    const actor = cliActor();
    const refused = async (e: Refused) => {
      await auditUserChange(h.db, { ...command.audit, actor, error: { code: e.code, message: e.message } });
      console.error(e.message);
      process.exitCode = 1;
    };
    let out: string;
    try {
      await command.prepare?.(h.db);
      // The change and its event commit together: if the event cannot be written, nothing changed.
      out = await withAudit(h.db, async (tx, audit) => {
        const printed = await command.run(tx as unknown as Db);
        const event = userChangeEvent({ ...command.audit, actor });
        await audit(command.operationId ? { ...event, operationId: command.operationId } : event);
        return printed;
      });
    } catch (e) {
      if (!(e instanceof ConsoleError || e instanceof Refused)) throw e;
      await refused(e instanceof Refused ? e : new Refused(e.code, e.message));
      return;
    }
    console.log(out);
  } finally {
    await h.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
