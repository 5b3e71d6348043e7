import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "../audit/append";
import { queryRows, type Db } from "../db/client";
import type { CallOptions, EnsClient } from "../ens";
import { ConsoleError } from "../errors";
import { loginChanged } from "./leases";
import { checkNoExpiryAllowed } from "./set-login";
import { expiryFrom, type AdoptLoginInput } from "./schema";

export interface AdoptedLogin {
  instanceId: string;
  keys: string[];
  expiresAt: string | null;
}

/**
 * Takes a login opened outside the console under the console's care: it gets a reason and an
 * expiry like one the console opened. ENS is asked first: only a login open now is adopted.
 */
export async function adoptLogin(
  db: Db,
  client: EnsClient,
  input: AdoptLoginInput,
  by: { actor: Actor; auditOperationId: string },
  opts: CallOptions = {},
): Promise<AdoptedLogin> {
  checkNoExpiryAllowed(input);
  const held = await queryRows<{ instance_id: string }>(
    db,
    sql`SELECT instance_id FROM login_leases WHERE instance_id = ${input.instanceId}`,
  );
  if (held.length)
    throw new ConsoleError("Console.Conflict", `The console already holds the login on ${input.instanceId}.`, undefined, {
      words: { key: "server.loginAlreadyHeld", values: { instanceId: input.instanceId } },
    });
  const deliveries = await client.listAllPublicKeyDeliveries({ InstanceId: input.instanceId }, opts);
  const keys = [...new Set(deliveries.map((d) => d.KeyName).filter((k): k is string => !!k))].sort();
  if (!keys.length) throw new ConsoleError("Console.LoginNotOpen");
  const expiresAt = input.noExpiry ? null : expiryFrom(input.durationMinutes);
  await loginChanged(db, {
    instanceId: input.instanceId,
    action: "open",
    actor: by.actor,
    auditOperationId: by.auditOperationId,
    keyName: keys[0],
    keyGroup: deliveries[0]?.KeyGroup ?? null,
    expiresAt,
    reason: input.reason,
    adopted: true,
  });
  return { instanceId: input.instanceId, keys, expiresAt };
}
