import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { checkDestinationAddress } from "./address-check";
import type { CreateDestinationInput } from "./schema";
import { newWebhookSecret } from "./sign";
import type { CreatedDestination } from "./view";

/**
 * Adds a destination. Its address is checked first (lib/outbound/address-check.ts). A webhook gets
 * a new signing secret, returned this once and never shown again; a DingTalk robot keeps the one
 * its admin typed. It starts at the present: the events already written are sent only on Replay,
 * so a new SIEM is not flooded with the whole history by surprise.
 */
export async function createDestination(db: Db, input: CreateDestinationInput): Promise<CreatedDestination> {
  await checkDestinationAddress(input.url);
  const secret = input.kind === "webhook" ? newWebhookSecret() : input.kind === "dingtalk" ? input.secret! : null;
  await db.execute(
    sql`INSERT INTO outbound_destinations (id, name, kind, url, secret, language, audit_stream, notifications, filter, last_seq, last_notification_seq)
      VALUES (${input.destinationId}::uuid, ${input.name}, ${input.kind}, ${input.url}, ${secret}, ${input.language},
        ${input.auditStream}, ${input.notifications}, ${JSON.stringify(input.filter)}::jsonb,
        (SELECT coalesce(max(id), 0) FROM audit_events), (SELECT coalesce(max(id), 0) FROM notifications))`,
  );
  return { destinationId: input.destinationId, secret: input.kind === "webhook" ? secret : null };
}
