import { is, sql, SQL } from "drizzle-orm";
import { getTableConfig, IndexedColumn, PgDialect, PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type DbHandle } from "@/lib/db/client";
import * as schema from "@/lib/db/schema";
import { BACKENDS, freshDb } from "@/test/support/db";

// The SQL migrations own the schema; schema.ts must describe exactly what they create. What
// schema.ts declares is built, as drizzle states it, in a scratch schema of the same migrated
// database, so the server itself normalizes both sides; then the two catalogs are compared.

const SCRATCH = "declared";
const MIGRATIONS_ONLY = new Set(["schema_migrations"]); // the migration runner's own bookkeeping
const dialect = new PgDialect();
const text = (q: SQL) => dialect.sqlToQuery(q).sql;
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const tables: PgTable[] = Object.values(schema).flatMap((v) => (is(v, PgTable) ? [v] : []));

function literal(v: unknown): string {
  if (is(v, SQL)) return text(v);
  if (typeof v === "string") return `'${v.replaceAll("'", "''")}'`;
  return String(v);
}

/** CREATE statements for what schema.ts declares for one table, in the scratch schema. */
function declaredDdl(table: PgTable): string[] {
  const t = getTableConfig(table);
  const qualified = `${SCRATCH}.${ident(t.name)}`;
  const parts: string[] = [];
  for (const c of t.columns) {
    const def = c.default !== undefined ? ` DEFAULT ${literal(c.default)}` : "";
    parts.push(`${ident(c.name)} ${c.getSQLType()}${c.notNull ? " NOT NULL" : ""}${def}`);
  }
  const pkColumns = t.columns.filter((c) => c.primary);
  if (pkColumns.length) parts.push(`CONSTRAINT ${ident(`${t.name}_pkey`)} PRIMARY KEY (${pkColumns.map((c) => ident(c.name)).join(", ")})`);
  for (const pk of t.primaryKeys)
    parts.push(`CONSTRAINT ${ident(pk.getName())} PRIMARY KEY (${pk.columns.map((c) => ident(c.name)).join(", ")})`);
  for (const c of t.columns.filter((c) => c.isUnique))
    parts.push(`CONSTRAINT ${ident(c.uniqueName ?? `${t.name}_${c.name}_key`)} UNIQUE (${ident(c.name)})`);
  for (const u of t.uniqueConstraints)
    parts.push(`CONSTRAINT ${ident(u.getName() ?? `${t.name}_key`)} UNIQUE (${u.columns.map((c) => ident(c.name)).join(", ")})`);
  for (const ch of t.checks) parts.push(`CONSTRAINT ${ident(ch.name)} CHECK (${text(ch.value)})`);
  const out = [`CREATE TABLE ${qualified} (\n  ${parts.join(",\n  ")}\n)`];
  for (const ix of t.indexes) {
    const { name, unique, method, columns, where } = ix.config;
    const cols = columns.map((c) => {
      if (is(c, SQL)) return text(c);
      if (!is(c, IndexedColumn)) throw new Error(`${name}: unexpected index column`);
      const { order, nulls, opClass } = c.indexConfig;
      // As drizzle-kit renders it: NULLS only when not the order's default (ASC: LAST, DESC: FIRST).
      const defaultNulls = order === "desc" ? "first" : "last";
      return [
        ident(c.name!),
        opClass,
        order === "desc" ? "DESC" : "",
        nulls && nulls !== defaultNulls ? `NULLS ${nulls.toUpperCase()}` : "",
      ]
        .filter(Boolean)
        .join(" ");
    });
    out.push(
      `CREATE ${unique ? "UNIQUE " : ""}INDEX ${ident(name!)} ON ${qualified} USING ${method ?? "btree"} (${cols.join(", ")})${where ? ` WHERE ${text(where)}` : ""}`,
    );
  }
  return out;
}

interface Catalog {
  tables: string[];
  columns: Record<string, string>;
  indexes: Record<string, string>;
  constraints: Record<string, string>;
}

async function catalog(h: DbHandle, ns: string): Promise<Catalog> {
  const unqualify = (s: string) => s.replaceAll(`${ns}.`, "");
  const tables = (
    await queryRows<{ name: string }>(
      h.db,
      sql`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${ns} AND c.relkind IN ('r', 'p') ORDER BY 1`,
    )
  )
    .map((r) => r.name)
    .filter((n) => !MIGRATIONS_ONLY.has(n));
  const keep = (table: string) => tables.includes(table);
  const columns = await queryRows<{ tbl: string; col: string; type: string; not_null: boolean; dflt: string | null }>(
    h.db,
    sql`
    SELECT c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS dflt
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = ${ns} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  const indexes = await queryRows<{ tbl: string; name: string; def: string }>(
    h.db,
    sql`
    SELECT tablename AS tbl, indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = ${ns}`,
  );
  const constraints = await queryRows<{ tbl: string; name: string; type: string; def: string }>(
    h.db,
    sql`
    SELECT c.relname AS tbl, k.conname AS name, k.contype::text AS type, pg_get_constraintdef(k.oid) AS def
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = k.connamespace
    WHERE n.nspname = ${ns} AND k.contype IN ('c', 'p', 'u', 'f', 'x')`,
  );
  return {
    tables,
    columns: Object.fromEntries(
      columns
        .filter((r) => keep(r.tbl))
        .map((r) => [`${r.tbl}.${r.col}`, `${r.type}${r.not_null ? " NOT NULL" : ""}${r.dflt ? ` DEFAULT ${unqualify(r.dflt)}` : ""}`]),
    ),
    indexes: Object.fromEntries(indexes.filter((r) => keep(r.tbl)).map((r) => [r.name, unqualify(r.def)])),
    constraints: Object.fromEntries(constraints.filter((r) => keep(r.tbl)).map((r) => [`${r.tbl}.${r.name}`, `${r.type} ${r.def}`])),
  };
}

describe.each(BACKENDS)("schema.ts describes what the migrations create (%s)", (kind) => {
  let h: DbHandle & { drop(): Promise<void> };
  let migrated: Catalog;
  let declared: Catalog;
  beforeAll(async () => {
    h = await freshDb(kind);
    migrated = await catalog(h, "public");
    await h.exec(`CREATE SCHEMA ${SCRATCH}`);
    for (const t of tables) for (const stmt of declaredDdl(t)) await h.exec(stmt);
    declared = await catalog(h, SCRATCH);
  });
  afterAll(async () => h?.drop());

  it("the same tables", () => {
    expect(migrated.tables.length).toBeGreaterThanOrEqual(4);
    expect(declared.tables).toEqual(migrated.tables);
  });
  it("the same columns, with their types, nullability and defaults", () => expect(declared.columns).toEqual(migrated.columns));
  it("the same indexes, by name, with their definitions (order, partial, unique, method)", () => {
    expect(migrated.indexes.audit_events_ip).toMatch(/\(source_ip, at DESC\) WHERE \(source_ip IS NOT NULL\)/);
    expect(declared.indexes).toEqual(migrated.indexes);
  });
  it("the same primary key, unique and check constraints", () => {
    expect(Object.keys(migrated.constraints)).toContain("users.users_role_check");
    expect(declared.constraints).toEqual(migrated.constraints);
  });
});
