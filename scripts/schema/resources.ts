/**
 * The schema of each resource type, from its two sources: the zod schema of its arguments (types,
 * enums, defaults, which are required: zod's own JSON Schema, `z.toJSONSchema`) and the TypeScript
 * declarations (the docs on its `XArgs` interface, and the resource class: its TSDoc, its declared
 * outputs with theirs, and the secret outputs it registers with).
 *
 * Inputs are the schema's arguments only: what the provider adds to the checked inputs (the policy pack's
 * facts, `declaredAs`, `plainSecretInputs`, resolved lookups) is bookkeeping, not an argument.
 */
import * as ts from "typescript";
import { z } from "zod";

import { type ResourceLabel, nativeTypeToken, tokenParts } from "../../provider/core/protocol/type-tokens";
import { type Sources, declarationOf, docOf, exportOf, moduleOfDeclaration, resolveAlias } from "./sources";
import { ARG_SCHEMAS } from "./arg-schemas";
import type { PropertySpec, ResourceSpec, TypeSpec } from "./spec";
import { TypeConverter, pascal, typeToken } from "./ts-types";

/** One property of zod's JSON Schema (draft 2020-12), as far as the arguments' schemas use it. */
interface JsonSchema {
  type?: string;
  enum?: unknown[];
  items?: JsonSchema;
  default?: unknown;
}

/** The resource type's schema, under its native token. */
export function resourceSpec(
  sources: Sources,
  types: TypeConverter,
  label: ResourceLabel,
): [token: string, spec: ResourceSpec] {
  const { checker } = sources;
  const [namespace, typeName] = tokenParts(label);
  const resourceClass = exportOf(sources, namespace, typeName);
  const args = exportOf(sources, namespace, `${typeName}Args`);
  const classDeclaration = declarationOf(resourceClass);
  if (!ts.isClassDeclaration(classDeclaration)) throw new Error(`${label} is not a class`);
  const module = moduleOfDeclaration(classDeclaration);
  const secrets = secretOutputsOf(classDeclaration, label);

  // io "input": what a program passes (a default makes an argument optional); an argument zod cannot
  // describe (a custom type) fails here rather than reaching the schema as Any.
  const json = z.toJSONSchema(ARG_SCHEMAS[label], { io: "input" }) as {
    properties: Record<string, JsonSchema>;
    required?: string[];
  };

  const argsMembers = new Map(
    checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(args)).map((s) => [s.name, s]),
  );
  const inputTypes = new Map<string, TypeSpec>();
  const inputProperties: Record<string, PropertySpec> = {};
  for (const [name, property] of Object.entries(json.properties)) {
    const member = argsMembers.get(name);
    if (member === undefined) throw new Error(`${label}: ${typeName}Args does not declare ${name}`);
    const type = zodTypeSpec(
      property,
      () => enumToken(sources, member, typeName, name, module),
      types,
      label,
    );
    inputTypes.set(name, type);
    inputProperties[name] = {
      ...types.propertySpec(type, member),
      ...(isDefault(property.default) ? { default: property.default } : {}),
      ...(secrets.includes(name) ? { secret: true } : {}),
    };
  }

  const properties: Record<string, PropertySpec> = {};
  const required: string[] = [];
  for (const output of declaredOutputs(classDeclaration)) {
    const symbol = checker.getSymbolAtLocation(output.name)!;
    const valueType = checker.getTypeFromTypeNode(output.valueType);
    const type =
      inputTypes.get(symbol.name) ??
      types.typeSpec(valueType, { owner: typeName, property: symbol.name, module });
    properties[symbol.name] = {
      ...types.propertySpec(type, symbol),
      ...(secrets.includes(symbol.name) ? { secret: true } : {}),
    };
    if (!types.withoutUndefined(valueType).optional) required.push(symbol.name);
  }
  for (const secret of secrets) {
    if (!(secret in properties))
      throw new Error(`${label}: secret output ${secret} is not a declared output`);
  }

  const description = docOf(checker, resourceClass);
  return [
    nativeTypeToken(label),
    {
      ...(description === undefined ? {} : { description }),
      properties,
      required,
      inputProperties,
      requiredInputs: json.required ?? [],
    },
  ];
}

function isDefault(value: unknown): value is string | number | boolean {
  return ["string", "number", "boolean"].includes(typeof value);
}

/** The schema type of one property of zod's JSON Schema. */
function zodTypeSpec(
  property: JsonSchema,
  enumTokenOf: () => { token: string; description?: string },
  types: TypeConverter,
  label: string,
): TypeSpec {
  if (property.enum !== undefined) {
    if (property.type !== "string" || !property.enum.every((v) => typeof v === "string")) {
      throw new Error(`${label}: only enums of strings are supported`);
    }
    const { token, description } = enumTokenOf();
    return types.named.addEnum(token, property.enum as string[], description);
  }
  switch (property.type) {
    case "string":
    case "number":
    case "integer":
    case "boolean":
      return { type: property.type };
    case "array":
      return { type: "array", items: zodTypeSpec(property.items ?? {}, enumTokenOf, types, label) };
    default:
      throw new Error(`${label}: no schema type for ${JSON.stringify(property)}`);
  }
}

/**
 * The named type of an enum argument: the alias its args interface member names (`Input<PartnerProduct>`:
 * `mailreseller:partner:PartnerProduct`), else the resource's and the argument's names
 * (`mailreseller:mailpartner:SubaccountType`).
 */
function enumToken(
  sources: Sources,
  member: ts.Symbol,
  typeName: string,
  name: string,
  module: string,
): { token: string; description?: string } {
  const declaration = declarationOf(member);
  const typeNode = ts.isPropertySignature(declaration) ? declaration.type : undefined;
  // The argument's own type, inside `pulumi.Input<…>`.
  const inner =
    typeNode && ts.isTypeReferenceNode(typeNode) && typeNode.typeArguments?.length === 1
      ? typeNode.typeArguments[0]
      : typeNode;
  const named =
    inner && ts.isTypeReferenceNode(inner) ? sources.checker.getSymbolAtLocation(inner.typeName) : undefined;
  const alias = named && resolveAlias(sources.checker, named);
  if (alias === undefined || !(alias.flags & ts.SymbolFlags.TypeAlias)) {
    return { token: typeToken(module, `${typeName}${pascal(name)}`) };
  }
  return {
    token: typeToken(moduleOfDeclaration(declarationOf(alias)), alias.name),
    description: docOf(sources.checker, alias),
  };
}

/** An output a resource class declares: `declare public readonly x: pulumi.Output<T>`, with its `T`. */
interface DeclaredOutput {
  name: ts.PropertyName;
  valueType: ts.TypeNode;
}

function declaredOutputs(declaration: ts.ClassDeclaration): DeclaredOutput[] {
  const outputs: DeclaredOutput[] = [];
  for (const member of declaration.members) {
    if (!ts.isPropertyDeclaration(member) || member.type === undefined) continue;
    const type = member.type;
    if (!ts.isTypeReferenceNode(type) || type.typeArguments?.length !== 1) continue;
    const typeName = ts.isQualifiedName(type.typeName) ? type.typeName.right.text : type.typeName.text;
    if (typeName !== "Output") continue;
    outputs.push({ name: member.name, valueType: type.typeArguments[0] });
  }
  return outputs;
}

/**
 * The secret outputs a resource class registers with: the `secretOutputs` of its constructor's
 * `registration(…, { secretOutputs: [...] })` (provider/core/program/registration.ts).
 */
function secretOutputsOf(declaration: ts.ClassDeclaration, label: string): string[] {
  let registration: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === "registration"
    ) {
      registration = node;
    }
    ts.forEachChild(node, visit);
  };
  visit(declaration);
  if (registration === undefined) {
    throw new Error(`${label}: its constructor does not call registration(…)`);
  }
  // registration(label, name, args, inputs, opts, how?): no sixth argument, no secret outputs.
  const how = registration.arguments[5];
  if (how === undefined) return [];
  if (!ts.isObjectLiteralExpression(how)) {
    throw new Error(`${label}: registration's options must be an object literal ({ secretOutputs: [...] })`);
  }
  const property = how.properties.find(
    (p): p is ts.PropertyAssignment =>
      ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "secretOutputs",
  );
  if (property === undefined) return [];
  if (!ts.isArrayLiteralExpression(property.initializer)) {
    throw new Error(`${label}: secretOutputs must be a list of string literals`);
  }
  return property.initializer.elements.map((element) => {
    if (!ts.isStringLiteral(element))
      throw new Error(`${label}: secretOutputs must be a list of string literals`);
    return element.text;
  });
}
