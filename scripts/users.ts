import { generatePassword } from "../lib/auth/password";
import { createUser, findUserByEmail, isRole, listUsers, updateUser } from "../lib/auth/users";
import { ROLES } from "../lib/db/schema";
import { openCliDb } from "./open-db";

const USAGE = `Usage: npm run users -- <command>
  add <email> <role> [--generate]     create a user (role: ${ROLES.join("|")})
  list                                list users
  disable <email> | enable <email>    block or restore access (takes effect on the next request)
  set-role <email> <role>             change a role
  set-password <email> [--generate]   change a password
Passwords are read from standard input (one line), or generated and printed with --generate.
They are never taken as an argument.`;

async function readPassword(generate: boolean): Promise<{ password: string; generated: boolean }> {
  if (generate) return { password: generatePassword(), generated: true };
  if (process.stdin.isTTY) process.stderr.write("Password (input is visible; pipe it in to avoid that): ");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    if (process.stdin.isTTY && Buffer.concat(chunks).includes(10)) break;
  }
  const password = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0];
  if (!password) throw new Error("No password on standard input. Pipe one in, or use --generate.");
  return { password, generated: false };
}

function fail(msg: string): never {
  console.error(msg);
  process.exit(1);
}

async function main() {
  const [cmd, ...rest] = process.argv.slice(2);
  const generate = rest.includes("--generate");
  const args = rest.filter((a) => a !== "--generate");
  if (!cmd || cmd === "help" || cmd === "--help") return console.log(USAGE);
  const h = await openCliDb();
  try {
    switch (cmd) {
      case "add": {
        const [email, role] = args;
        if (!email || !role || !isRole(role)) fail(USAGE);
        if (await findUserByEmail(h.db, email)) fail(`User ${email} already exists.`);
        const { password, generated } = await readPassword(generate);
        const u = await createUser(h.db, { email, role, password });
        console.log(`Added ${u.email} (${u.role}).${generated ? ` Password: ${password}` : ""}`);
        break;
      }
      case "list": {
        for (const u of await listUsers(h.db)) console.log(`${u.email}\t${u.role}\t${u.disabled ? "disabled" : "active"}`);
        break;
      }
      case "disable":
      case "enable": {
        const u = await updateUser(h.db, args[0] ?? "", { disabled: cmd === "disable" });
        if (!u) fail(`No user ${args[0]}.`);
        console.log(`${u.email} is now ${u.disabled ? "disabled" : "active"}.`);
        break;
      }
      case "set-role": {
        const [email, role] = args;
        if (!role || !isRole(role)) fail(USAGE);
        const u = await updateUser(h.db, email ?? "", { role });
        if (!u) fail(`No user ${email}.`);
        console.log(`${u.email} is now ${u.role}.`);
        break;
      }
      case "set-password": {
        if (!(await findUserByEmail(h.db, args[0] ?? ""))) fail(`No user ${args[0]}.`);
        const { password, generated } = await readPassword(generate);
        const u = await updateUser(h.db, args[0], { password });
        console.log(`Password changed for ${u?.email}.${generated ? ` Password: ${password}` : ""}`);
        break;
      }
      default:
        fail(USAGE);
    }
  } finally {
    await h.close();
  }
}

main().catch((e) => fail(e instanceof Error ? e.message : String(e)));
