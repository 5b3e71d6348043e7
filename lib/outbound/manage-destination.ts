import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { ConsoleError } from "../errors";
import { outboundDestinations, type OutboundDestinationRow } from "../db/schema";

const noDestination = () =>
  new ConsoleError("Console.NotFound", "No destination with that id.", undefined, { words: { key: "server.noDestination" } });

/** A destination not deleted, with its secret (server-side only), or Console.NotFound. */
export async function findDestination(db: Db, destinationId: string): Promise<OutboundDestinationRow> {
  const [row] = await db
    .select()
    .from(outboundDestinations)
    .where(and(eq(outboundDestinations.id, destinationId), isNull(outboundDestinations.deletedAt)));
  if (!row) throw noDestination();
  return row;
}

/** Pauses or resumes sending: while paused the cursor stays, so the events wait and none is lost. */
export async function setDestinationPaused(
  db: Db,
  destinationId: string,
  paused: boolean,
): Promise<{ destinationId: string; paused: boolean }> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`UPDATE outbound_destinations SET paused = ${paused}, retry_at = NULL, updated_at = clock_timestamp()
      WHERE id = ${destinationId}::uuid AND deleted_at IS NULL RETURNING id`,
  );
  if (!rows.length) throw noDestination();
  return { destinationId, paused };
}

/** Deletes a destination: nothing more is sent, its secret is wiped; its delivery log stays. */
export async function deleteDestination(db: Db, destinationId: string): Promise<{ name: string; kind: string }> {
  const rows = await queryRows<{ name: string; kind: string }>(
    db,
    sql`UPDATE outbound_destinations SET deleted_at = clock_timestamp(), secret = NULL, updated_at = clock_timestamp()
      WHERE id = ${destinationId}::uuid AND deleted_at IS NULL RETURNING name, kind`,
  );
  if (!rows.length) throw noDestination();
  return rows[0];
}
