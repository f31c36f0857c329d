import pg from 'pg';

/**
 * A database schema reduced to what a Prisma schema decides, in a form that compares with
 * `toEqual`: the same shape is built from schema.prisma (expected-schema.ts) and from a live
 * database (below).
 */
export interface SchemaDescription {
  tables: TableDescription[];
  enums: EnumDescription[];
  indexes: IndexDescription[];
  foreignKeys: ForeignKeyDescription[];
}

export interface TableDescription {
  name: string;
  columns: ColumnDescription[];
}

export interface ColumnDescription {
  name: string;
  /** As `format_type()` prints it, e.g. `timestamp(3) with time zone`. */
  type: string;
  nullable: boolean;
  /** The default expression as Postgres prints it back, or null. */
  default: string | null;
}

export interface EnumDescription {
  name: string;
  values: string[];
}

export interface IndexDescription {
  name: string;
  table: string;
  /** Column names, with ` DESC` appended where the index sorts descending. */
  columns: string[];
  unique: boolean;
  primary: boolean;
}

export type ReferentialAction = 'CASCADE' | 'RESTRICT' | 'NO ACTION' | 'SET NULL' | 'SET DEFAULT';

export interface ForeignKeyDescription {
  name: string;
  table: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

/** Tables Prisma manages itself, not described by any model. */
const IGNORED_TABLES = ['_prisma_migrations'];

const ACTIONS: Record<string, ReferentialAction> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

export function sortDescription(description: SchemaDescription): SchemaDescription {
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
  return {
    tables: description.tables
      .map((table) => ({ ...table, columns: [...table.columns].sort(byName) }))
      .sort(byName),
    enums: [...description.enums].sort(byName),
    indexes: [...description.indexes].sort(byName),
    foreignKeys: [...description.foreignKeys].sort(byName),
  };
}

/** Anything that runs a query: a pg.Client, pool or pool client. */
type Queryable = Pick<pg.ClientBase, 'query'>;

/** Reads the current schema (search_path's first schema) of a live database from pg_catalog. */
export async function describeDatabase(client: Queryable): Promise<SchemaDescription> {
  const columns = await client.query<{
    table_name: string;
    column_name: string;
    type: string;
    not_null: boolean;
    default_expr: string | null;
  }>(
    `SELECT c.relname AS table_name, a.attname AS column_name,
            format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
            pg_get_expr(d.adbin, d.adrelid) AS default_expr
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE c.relkind = 'r' AND n.nspname = current_schema()`,
  );
  const enums = await client.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t
       JOIN pg_namespace n ON n.oid = t.typnamespace
       JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE n.nspname = current_schema()
      GROUP BY t.typname`,
  );
  const indexes = await client.query<{
    name: string;
    table_name: string;
    columns: string[];
    unique: boolean;
    primary: boolean;
  }>(
    `SELECT ic.relname AS name, tc.relname AS table_name, i.indisunique AS unique,
            i.indisprimary AS primary,
            array(SELECT a.attname || CASE WHEN pg_index_column_has_property(i.indexrelid, k.ord::int, 'desc')
                                           THEN ' DESC' ELSE '' END
                    FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                   ORDER BY k.ord)::text[] AS columns
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_class tc ON tc.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = tc.relnamespace
      WHERE n.nspname = current_schema()`,
  );
  const foreignKeys = await client.query<{
    name: string;
    table_name: string;
    columns: string[];
    referenced_table: string;
    referenced_columns: string[];
    on_delete: string;
    on_update: string;
  }>(
    `SELECT con.conname AS name, tc.relname AS table_name, rc.relname AS referenced_table,
            con.confdeltype AS on_delete, con.confupdtype AS on_update,
            array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                   ORDER BY k.ord)::text[] AS columns,
            array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                   ORDER BY k.ord)::text[] AS referenced_columns
       FROM pg_constraint con
       JOIN pg_class tc ON tc.oid = con.conrelid
       JOIN pg_class rc ON rc.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = tc.relnamespace
      WHERE con.contype = 'f' AND n.nspname = current_schema()`,
  );

  const tables = new Map<string, ColumnDescription[]>();
  for (const row of columns.rows) {
    if (IGNORED_TABLES.includes(row.table_name)) continue;
    const list = tables.get(row.table_name) ?? [];
    list.push({
      name: row.column_name,
      type: row.type,
      nullable: !row.not_null,
      default: row.default_expr,
    });
    tables.set(row.table_name, list);
  }
  return sortDescription({
    tables: [...tables].map(([name, tableColumns]) => ({ name, columns: tableColumns })),
    enums: enums.rows.map((row) => ({ name: row.name, values: row.values })),
    indexes: indexes.rows
      .filter((row) => !IGNORED_TABLES.includes(row.table_name))
      .map((row) => ({
        name: row.name,
        table: row.table_name,
        columns: row.columns,
        unique: row.unique,
        primary: row.primary,
      })),
    foreignKeys: foreignKeys.rows.map((row) => ({
      name: row.name,
      table: row.table_name,
      columns: row.columns,
      referencedTable: row.referenced_table,
      referencedColumns: row.referenced_columns,
      onDelete: referentialAction(row.on_delete),
      onUpdate: referentialAction(row.on_update),
    })),
  });
}

function referentialAction(code: string): ReferentialAction {
  const action = ACTIONS[code];
  if (!action) throw new Error(`unknown referential action code ${JSON.stringify(code)}`);
  return action;
}
