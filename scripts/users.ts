import { generatePassword, MIN_PASSWORD_LENGTH } from "../lib/auth/password";
import { createUser, findUserByEmail, isRole, listUsers, updateUser } from "../lib/auth/users";
import type { Db } from "../lib/db/client";
import { ROLES } from "../lib/db/schema";
import { auditUserChange, cliActor, type UserChange } from "../lib/users/audit-user-change";
import { openCliDb } from "./open-db";

const USAGE = `Usage: npm run users -- <command>
  add <email> <role> [--generate]     create a user (role: ${ROLES.join("|")})
  list                                list users
  disable <email> | enable <email>    block or restore access (takes effect on the next request)
  set-role <email> <role>             change a role
  set-password <email> [--generate]   change a password
Passwords are read from standard input (one line), or generated and printed with --generate.
They are never taken as an argument. Every change, and every refused one, is written to the audit log.`;

/** A change that could not be made: audited as a failure, then reported. */
class Refused extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

async function readPassword(generate: boolean): Promise<{ password: string; generated: boolean }> {
  if (generate) return { password: generatePassword(), generated: true };
  if (process.stdin.isTTY) process.stderr.write("Password (input is visible; pipe it in to avoid that): ");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    if (process.stdin.isTTY && Buffer.concat(chunks).includes(10)) break;
  }
  const password = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0];
  if (!password) throw new Refused("Console.InvalidInput", "No password on standard input. Pipe one in, or use --generate.");
  if (password.length < MIN_PASSWORD_LENGTH) throw new Refused("Console.InvalidInput", `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  return { password, generated: false };
}

interface Command {
  audit: Omit<UserChange, "actor" | "error">;
  /** Makes the change and returns what to print; throws Refused when nothing was changed. */
  run(db: Db): Promise<string>;
}

/** The command named by the arguments, or null when they do not make one (usage is printed). */
function parse(cmd: string, args: string[], generate: boolean): Command | null {
  const [email = "", role = ""] = args;
  if (!email) return null;
  const notFound = () => new Refused("Console.NotFound", `No user ${email}.`);
  // One statement: updateUser answers undefined when there is no such user.
  const update = async (db: Db, patch: Parameters<typeof updateUser>[2]) => {
    const u = await updateUser(db, email, patch);
    if (!u) throw notFound();
    return u;
  };
  switch (cmd) {
    case "add":
      if (!isRole(role)) return null;
      return {
        audit: { action: "user.create", email, params: { role, passwordGenerated: generate } },
        async run(db) {
          if (await findUserByEmail(db, email)) throw new Refused("Console.Conflict", `User ${email} already exists.`);
          const { password, generated } = await readPassword(generate);
          const u = await createUser(db, { email, role, password });
          return `Added ${u.email} (${u.role}).${generated ? ` Password: ${password}` : ""}`;
        },
      };
    case "disable":
    case "enable":
      return {
        audit: { action: cmd === "disable" ? "user.disable" : "user.enable", email },
        async run(db) {
          const u = await update(db, { disabled: cmd === "disable" });
          return `${u.email} is now ${u.disabled ? "disabled" : "active"}.`;
        },
      };
    case "set-role":
      if (!isRole(role)) return null;
      return {
        audit: { action: "user.set_role", email, params: { role } },
        async run(db) {
          const u = await update(db, { role });
          return `${u.email} is now ${u.role}.`;
        },
      };
    case "set-password":
      return {
        audit: { action: "user.set_password", email, params: { passwordGenerated: generate } },
        async run(db) {
          // Checked before the password is asked for, so nobody types one for a user who is not there.
          if (!(await findUserByEmail(db, email))) throw notFound();
          const { password, generated } = await readPassword(generate);
          const u = await update(db, { password });
          return `Password changed for ${u.email}.${generated ? ` Password: ${password}` : ""}`;
        },
      };
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
    let out: string;
    try {
      out = await command.run(h.db);
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      await auditUserChange(h.db, { ...command.audit, actor, error: { code: e.code, message: e.message } });
      console.error(e.message);
      process.exitCode = 1;
      return;
    }
    try {
      await auditUserChange(h.db, { ...command.audit, actor });
    } finally {
      // The change is made: what it printed (a generated password) must not be lost, audited or not.
      console.log(out);
    }
  } finally {
    await h.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
