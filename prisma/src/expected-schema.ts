import { readFile } from 'node:fs/promises';
import path from 'node:path';
import internals from '@prisma/internals';
import {
  sortDescription,
  type ColumnDescription,
  type ForeignKeyDescription,
  type IndexDescription,
  type ReferentialAction,
  type SchemaDescription,
} from './database-schema.ts';
import { prismaPackageDir } from './prisma-cli.ts';

type Dmmf = Awaited<ReturnType<typeof internals.getDMMF>>;
type Model = Dmmf['datamodel']['models'][number];
type Field = Model['fields'][number];

/** Postgres' identifier limit, which Prisma's default constraint names are cut to. */
const MAX_IDENTIFIER_LENGTH = 63;

/** Default types of Prisma scalars on PostgreSQL, as format_type() prints them. */
const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

const withOptionalArgs = (base: string, args: string[]) =>
  args.length > 0 ? `${base}(${args.join(',')})` : base;

/** `@db.*` attributes, as format_type() prints the column type they create. */
const NATIVE_TYPES: Record<string, (args: string[]) => string> = {
  Uuid: () => 'uuid',
  Text: () => 'text',
  VarChar: (args) => withOptionalArgs('character varying', args),
  Char: (args) => withOptionalArgs('character', args.length > 0 ? args : ['1']),
  Integer: () => 'integer',
  SmallInt: () => 'smallint',
  BigInt: () => 'bigint',
  DoublePrecision: () => 'double precision',
  Real: () => 'real',
  Decimal: (args) => withOptionalArgs('numeric', args),
  Boolean: () => 'boolean',
  Date: () => 'date',
  Timestamp: (args) => `${withOptionalArgs('timestamp', args)} without time zone`,
  Timestamptz: (args) => `${withOptionalArgs('timestamp', args)} with time zone`,
  Time: (args) => `${withOptionalArgs('time', args)} without time zone`,
  Timetz: (args) => `${withOptionalArgs('time', args)} with time zone`,
  Json: () => 'json',
  JsonB: () => 'jsonb',
  ByteA: () => 'bytea',
  Inet: () => 'inet',
  Citext: () => 'citext',
};

const PRISMA_ACTIONS: Record<string, ReferentialAction> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

/** Defaults that Prisma Client fills in, so the column has none. */
const CLIENT_SIDE_DEFAULTS = ['uuid', 'cuid', 'nanoid', 'ulid'];

export const schemaPath = path.join(prismaPackageDir, 'schema.prisma');

export async function readDmmf(file: string = schemaPath): Promise<Dmmf> {
  return internals.getDMMF({ datamodel: await readFile(file, 'utf8') });
}

/** What the migrated database must contain for schema.prisma to describe it exactly. */
export function describeExpectedSchema(dmmf: Dmmf): SchemaDescription {
  const { models, enums } = dmmf.datamodel;
  const modelsByName = new Map(models.map((model) => [model.name, model]));
  const enumDbNames = new Map(enums.map((e) => [e.name, e.dbName ?? e.name]));
  const enumValueDbNames = new Map(
    enums.flatMap((e) => e.values.map((v) => [`${e.name}.${v.name}`, v.dbName ?? v.name] as const)),
  );
  const modelOf = (name: string): Model => {
    const model = modelsByName.get(name);
    if (!model) throw new Error(`schema.prisma has no model ${name}`);
    return model;
  };

  return sortDescription({
    tables: models.map((model) => ({
      name: tableName(model),
      columns: model.fields
        .filter((field) => field.kind !== 'object')
        .map((field) => describeColumn(model, field, enumDbNames, enumValueDbNames)),
    })),
    enums: enums.map((e) => ({
      name: e.dbName ?? e.name,
      values: e.values.map((value) => value.dbName ?? value.name),
    })),
    indexes: dmmf.datamodel.indexes.map((index): IndexDescription => {
      const model = modelOf(index.model);
      const table = tableName(model);
      const columns = index.fields.map(
        (indexField) =>
          columnName(fieldOf(model, indexField.name)) +
          (indexField.sortOrder === 'desc' ? ' DESC' : ''),
      );
      const plainColumns = index.fields.map((indexField) =>
        columnName(fieldOf(model, indexField.name)),
      );
      const defaultName =
        index.type === 'id'
          ? primaryKeyName(table)
          : constraintName(table, plainColumns, index.type === 'unique' ? '_key' : '_idx');
      return {
        name: index.dbName ?? defaultName,
        table,
        columns,
        unique: index.type === 'id' || index.type === 'unique',
        primary: index.type === 'id',
      };
    }),
    foreignKeys: models.flatMap((model) =>
      model.fields
        .filter((field) => field.kind === 'object' && (field.relationFromFields?.length ?? 0) > 0)
        .map((field) => describeForeignKey(model, field, modelOf(field.type))),
    ),
  });
}

function describeColumn(
  model: Model,
  field: Field,
  enumDbNames: Map<string, string>,
  enumValueDbNames: Map<string, string>,
): ColumnDescription {
  let type: string;
  if (field.kind === 'enum') {
    type = enumDbNames.get(field.type) ?? field.type;
  } else if (field.nativeType) {
    const [nativeName, args] = field.nativeType;
    const render = NATIVE_TYPES[nativeName];
    if (!render) throw new Error(`expected-schema: teach me the type of @db.${nativeName}`);
    type = render([...args]);
  } else {
    const scalar = SCALAR_TYPES[field.type];
    if (!scalar) throw new Error(`expected-schema: teach me the type of ${field.type}`);
    type = scalar;
  }
  if (field.isList) type = `${type}[]`;
  return {
    name: columnName(field),
    type,
    // Prisma creates list columns nullable although the DMMF calls them required.
    nullable: field.isList || !field.isRequired,
    default: expectedDefault(model, field, type, enumValueDbNames),
  };
}

/** The default expression Postgres prints for the column Prisma creates from this field. */
function expectedDefault(
  model: Model,
  field: Field,
  type: string,
  enumValueDbNames: Map<string, string>,
): string | null {
  const value = field.default;
  if (value === undefined || field.isUpdatedAt) return null;
  if (typeof value === 'object' && 'name' in value) {
    if (CLIENT_SIDE_DEFAULTS.includes(value.name)) return null;
    if (value.name === 'now') return 'CURRENT_TIMESTAMP';
    if (value.name === 'dbgenerated') return String(value.args[0]);
    if (value.name === 'autoincrement') {
      return `nextval('${tableName(model)}_${columnName(field)}_seq'::regclass)`;
    }
    throw new Error(`expected-schema: teach me the default ${value.name}()`);
  }
  if (typeof value === 'object') {
    if (value.length === 0) return `ARRAY[]::${type}`;
    throw new Error('expected-schema: teach me non-empty list defaults');
  }
  // BigInt and Decimal defaults arrive as strings but are printed back as bare numbers.
  if (typeof value !== 'string' || ['BigInt', 'Decimal'].includes(field.type)) return String(value);
  const literal =
    field.kind === 'enum' ? (enumValueDbNames.get(`${field.type}.${value}`) ?? value) : value;
  // Postgres prints a literal back cast to the column type without its modifier: 'x'::character varying.
  return `'${literal.replaceAll("'", "''")}'::${type.replace(/\(\d+(,\d+)?\)/, '')}`;
}

function describeForeignKey(model: Model, field: Field, target: Model): ForeignKeyDescription {
  const table = tableName(model);
  const from = (field.relationFromFields ?? []).map((name) => fieldOf(model, name));
  const columns = from.map(columnName);
  const optional = from.some((scalar) => !scalar.isRequired);
  // Prisma's defaults: SetNull for optional relations, Restrict for required ones; updates cascade.
  const onDelete = field.relationOnDelete ?? (optional ? 'SetNull' : 'Restrict');
  const onUpdate = field.relationOnUpdate ?? 'Cascade';
  return {
    // A relation's `map:` is not in the DMMF; this test assumes the default name.
    name: constraintName(table, columns, '_fkey'),
    table,
    columns,
    referencedTable: tableName(target),
    referencedColumns: (field.relationToFields ?? []).map((name) =>
      columnName(fieldOf(target, name)),
    ),
    onDelete: referentialAction(onDelete),
    onUpdate: referentialAction(onUpdate),
  };
}

function referentialAction(prismaAction: string): ReferentialAction {
  const action = PRISMA_ACTIONS[prismaAction];
  if (!action) throw new Error(`unknown referential action ${prismaAction}`);
  return action;
}

function fieldOf(model: Model, name: string): Field {
  const field = model.fields.find((candidate) => candidate.name === name);
  if (!field) throw new Error(`model ${model.name} has no field ${name}`);
  return field;
}

const tableName = (model: Model) => model.dbName ?? model.name;
const columnName = (field: Field) => field.dbName ?? field.name;

/** Prisma's ConstraintNames: `<table>_pkey`, cut so the whole fits in an identifier. */
function primaryKeyName(table: string): string {
  return `${table.slice(0, MAX_IDENTIFIER_LENGTH - '_pkey'.length)}_pkey`;
}

/** Prisma's ConstraintNames: `<table>_<col>_<col>` + suffix, cut to fit in an identifier. */
function constraintName(table: string, columns: string[], suffix: string): string {
  const base = `${table}_${columns.join('_')}`;
  return `${base.slice(0, MAX_IDENTIFIER_LENGTH - suffix.length)}${suffix}`;
}
