/**
 * TypeScript types as schema types, for what zod does not describe: the lookups' parameters and results,
 * and the outputs a resource class declares beyond its inputs. The rules:
 * - `string`, `number`, `boolean` (and their literals) are primitives; `unknown` is `pulumi.json#/Any`;
 * - a union of string literals is an enum, a named type: the alias's name (`TransactionType`), else the
 *   owner's and the property's (`SubaccountType`); other unions are `oneOf` their members' primitives;
 * - `T[]` is a list; an object with a string index signature is a map (its declared properties, if any,
 *   are only some of its keys: Pulumi's object types are closed, a map loses nothing);
 * - an object with declared properties is a named object type, by its interface's or alias's name; an
 *   anonymous one fails the generation, asking for a name.
 * `undefined` in a union makes the property optional rather than changing its type.
 */
import * as ts from "typescript";

import { NATIVE_PACKAGE } from "../../provider/core/protocol/type-tokens";
import { declarationOf, docOf, moduleOfDeclaration } from "./sources";
import type { ComplexTypeSpec, ObjectTypeSpec, PropertySpec, TypeSpec } from "./spec";

/** Where a type is used, for names and messages: `Subaccount` `type`, in module `mailpartner`. */
export interface Usage {
  owner: string;
  property: string;
  module: string;
}

/** The schema's named types (`types`), filled as types are converted. */
export class NamedTypes {
  readonly specs = new Map<string, ComplexTypeSpec>();

  /** Adds an enum, or checks that one of the same token has the same values. */
  addEnum(token: string, values: readonly string[], description: string | undefined): TypeSpec {
    const existing = this.specs.get(token);
    if (existing !== undefined) {
      const known = "enum" in existing ? existing.enum.map((e) => e.value) : undefined;
      if (JSON.stringify(known) !== JSON.stringify(values)) {
        throw new Error(`${token} is declared twice with different values`);
      }
    } else {
      this.specs.set(token, {
        type: "string",
        ...(description === undefined ? {} : { description }),
        enum: values.map((value) => ({ value })),
      });
    }
    return { $ref: `#/types/${token}` };
  }
}

/** The token of a named type: `mailreseller:<module>:<Name>`. */
export function typeToken(module: string, name: string): string {
  return `${NATIVE_PACKAGE}:${module}:${name}`;
}

/** `transactionTypes` → `TransactionTypes`. */
export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Converts TypeScript types, registering the named types they reach. */
export class TypeConverter {
  constructor(
    private readonly checker: ts.TypeChecker,
    readonly named: NamedTypes,
  ) {}

  /** The type without `undefined`, `null` and `void`, and whether any of them was there. */
  withoutUndefined(type: ts.Type): { members: ts.Type[]; optional: boolean } {
    const all = type.isUnion() ? type.types : [type];
    const absent = ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void;
    const members = all.filter((t) => !(t.flags & absent));
    return { members, optional: members.length !== all.length };
  }

  /** The schema type of `type`, used as `usage`. */
  typeSpec(type: ts.Type, usage: Usage): TypeSpec {
    const { members } = this.withoutUndefined(type);
    if (members.length === 0) throw new Error(`${where(usage)}: a type that is only undefined`);
    if (members.length > 1) return this.unionSpec(members, type.aliasSymbol, usage);
    return this.singleSpec(members[0], usage);
  }

  private unionSpec(members: ts.Type[], alias: ts.Symbol | undefined, usage: Usage): TypeSpec {
    if (members.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
    if (members.every((t) => t.isStringLiteral())) {
      const values = members.map((t) => (t as ts.StringLiteralType).value);
      const token =
        alias !== undefined
          ? typeToken(moduleOfDeclaration(declarationOf(alias)), alias.name)
          : typeToken(usage.module, `${usage.owner}${pascal(usage.property)}`);
      return this.named.addEnum(token, values, alias && docOf(this.checker, alias));
    }
    // A union of other kinds: one alternative per distinct primitive (literals count as theirs).
    const distinct = new Map<string, TypeSpec>();
    for (const member of members) {
      const literal = member.isStringLiteral() ? "string" : member.isNumberLiteral() ? "number" : undefined;
      const spec: TypeSpec =
        literal !== undefined
          ? { type: literal }
          : member.flags & ts.TypeFlags.BooleanLiteral
            ? { type: "boolean" }
            : this.singleSpec(member, usage);
      distinct.set(JSON.stringify(spec), spec);
    }
    const specs = [...distinct.values()];
    return specs.length === 1 ? specs[0] : { oneOf: specs };
  }

  private singleSpec(type: ts.Type, usage: Usage): TypeSpec {
    const flags = type.flags;
    if (flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) return { type: "string" };
    if (flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return { type: "number" };
    if (flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
    if (flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return { $ref: "pulumi.json#/Any" };
    if (this.checker.isArrayType(type)) {
      const [element] = this.checker.getTypeArguments(type as ts.TypeReference);
      return { type: "array", items: this.typeSpec(element, usage) };
    }
    if (flags & ts.TypeFlags.Object || type.isIntersection()) {
      const index = this.checker.getIndexInfoOfType(type, ts.IndexKind.String);
      if (index !== undefined) {
        return { type: "object", additionalProperties: this.typeSpec(index.type, usage) };
      }
      return { $ref: `#/types/${this.objectType(type, usage)}` };
    }
    throw new Error(`${where(usage)}: no schema type for ${this.checker.typeToString(type)}`);
  }

  /** Registers a named object type (once) and returns its token. */
  private objectType(type: ts.Type, usage: Usage): string {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (symbol === undefined || symbol.name.startsWith("__")) {
      throw new Error(
        `${where(usage)}: ${this.checker.typeToString(type)} is an anonymous object type; name it (an interface or a type alias) so the schema can`,
      );
    }
    const token = typeToken(moduleOfDeclaration(declarationOf(symbol)), symbol.name);
    if (this.named.specs.has(token)) return token;
    // Registered before its properties, so a type that refers to itself ends.
    const spec: ObjectTypeSpec = { type: "object", properties: {} };
    this.named.specs.set(token, spec);
    const description = docOf(this.checker, symbol);
    Object.assign(spec, description === undefined ? {} : { description }, this.objectSpec(type, symbol.name));
    return token;
  }

  /**
   * The declared properties of an object type, each with its TSDoc, and the required ones (not optional,
   * and never undefined). Throws for an object with an index signature, which has no fixed properties.
   */
  objectSpec(type: ts.Type, owner: string): ObjectTypeSpec {
    if (this.checker.getIndexInfoOfType(type, ts.IndexKind.String) !== undefined) {
      throw new Error(`${owner} is a map (it has an index signature), not an object with properties`);
    }
    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const property of this.checker.getPropertiesOfType(type)) {
      const declaration = declarationOf(property);
      const propertyType = this.checker.getTypeOfSymbolAtLocation(property, declaration);
      const usage = { owner, property: property.name, module: moduleOfDeclaration(declaration) };
      properties[property.name] = this.propertySpec(this.typeSpec(propertyType, usage), property);
      const optional =
        property.flags & ts.SymbolFlags.Optional || this.withoutUndefined(propertyType).optional;
      if (!optional) required.push(property.name);
    }
    return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
  }

  /** A property: its type and its symbol's TSDoc. */
  propertySpec(type: TypeSpec, symbol: ts.Symbol): PropertySpec {
    const description = docOf(this.checker, symbol);
    return { ...type, ...(description === undefined ? {} : { description }) };
  }
}

function where(usage: Usage): string {
  return `${usage.owner}.${usage.property}`;
}
