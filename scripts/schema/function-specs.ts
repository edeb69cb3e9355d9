/**
 * The schema of each function (invoke), from its row in provider/native/functions.ts (how arguments and
 * result are mapped) and the lookup's TypeScript signature (their types and TSDoc). A lookup a public
 * namespace exports without a row fails the generation, so none is left out of the schema.
 */
import * as ts from "typescript";

import {
  type ArgsMapping,
  NATIVE_FUNCTIONS,
  type NativeFunction,
  type ResultMapping,
  functionToken,
} from "../../provider/native/functions";
import { type Sources, declarationOf, docOf, exportOf, moduleOfDeclaration } from "./sources";
import type { FunctionSpec, ObjectTypeSpec, PropertySpec, TypeSpec } from "./spec";
import type { TypeConverter } from "./ts-types";

/** Every function's schema, by token; throws for an exported lookup without a row. */
export function functionSpecs(sources: Sources, types: TypeConverter): Record<string, FunctionSpec> {
  for (const [namespace, exports] of sources.namespaces) {
    for (const [name, symbol] of exports) {
      if (!(symbol.flags & ts.SymbolFlags.Function)) continue;
      if (NATIVE_FUNCTIONS[functionToken(namespace as NativeFunction["namespace"], name)] === undefined) {
        throw new Error(
          `${namespace}.${name} is a public lookup without a row in provider/native/functions.ts: add one`,
        );
      }
    }
  }
  const specs: Record<string, FunctionSpec> = {};
  for (const fn of Object.values(NATIVE_FUNCTIONS)) {
    specs[functionToken(fn.namespace, fn.name)] = functionSpec(sources, types, fn);
  }
  return specs;
}

function functionSpec(sources: Sources, types: TypeConverter, fn: NativeFunction): FunctionSpec {
  const { checker } = sources;
  const symbol = exportOf(sources, fn.namespace, fn.name);
  const declaration = declarationOf(symbol);
  if (!ts.isFunctionDeclaration(declaration)) throw new Error(`${fn.namespace}.${fn.name} is not a function`);
  const signature = checker.getSignatureFromDeclaration(declaration)!;
  const label = `${fn.namespace}.${fn.name}`;
  const module = moduleOfDeclaration(declaration);
  const inputs = inputsSpec(checker, types, signature, fn.args, label, module);
  const result = checker.getAwaitedType(signature.getReturnType()) ?? signature.getReturnType();
  const description = docOf(checker, symbol);
  return {
    ...(description === undefined ? {} : { description }),
    ...(inputs === undefined ? {} : { inputs }),
    outputs: outputsSpec(checker, types, result, fn.result, label, module),
  };
}

function inputsSpec(
  checker: ts.TypeChecker,
  types: TypeConverter,
  signature: ts.Signature,
  args: ArgsMapping,
  label: string,
  module: string,
): ObjectTypeSpec | undefined {
  const parameters = signature.getParameters();
  const typeOf = (p: ts.Symbol) => checker.getTypeOfSymbolAtLocation(p, declarationOf(p));
  const expectParameters = (count: number) => {
    if (parameters.length !== count) {
      throw new Error(
        `${label} takes ${parameters.length} parameters; its row in functions.ts maps ${count}`,
      );
    }
  };
  switch (args.kind) {
    case "none":
      expectParameters(0);
      return undefined;
    case "options": {
      expectParameters(1);
      const { members } = types.withoutUndefined(typeOf(parameters[0]));
      if (members.length !== 1) throw new Error(`${label}: its options parameter must be one object type`);
      return types.objectSpec(members[0], label);
    }
    case "positional": {
      expectParameters(args.names.length);
      const properties: Record<string, PropertySpec> = {};
      const required: string[] = [];
      parameters.forEach((parameter, i) => {
        if (parameter.name !== args.names[i]) {
          throw new Error(
            `${label}: parameter ${i + 1} is ${parameter.name}; its row in functions.ts says ${args.names[i]}`,
          );
        }
        const declaration = declarationOf(parameter) as ts.ParameterDeclaration;
        const type = types.typeSpec(typeOf(parameter), { owner: label, property: parameter.name, module });
        properties[parameter.name] = types.propertySpec(type, parameter);
        if (declaration.questionToken === undefined && declaration.initializer === undefined) {
          required.push(parameter.name);
        }
      });
      return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
    }
    case "oneOf": {
      expectParameters(1);
      const union = typeOf(parameters[0]);
      const members = union.isUnion() ? union.types : [union];
      const properties: Record<string, PropertySpec> = {};
      for (const alternative of args.alternatives) {
        const member = members.find((t) =>
          alternative.type === "string" ? t.flags & ts.TypeFlags.String : t.flags & ts.TypeFlags.Object,
        );
        if (member === undefined) {
          throw new Error(
            `${label}: its parameter has no ${alternative.type} for the argument ${alternative.name}`,
          );
        }
        const type = types.typeSpec(member, { owner: label, property: alternative.name, module });
        properties[alternative.name] = { ...type, description: alternative.description };
      }
      return { type: "object", properties };
    }
  }
}

function outputsSpec(
  checker: ts.TypeChecker,
  types: TypeConverter,
  result: ts.Type,
  mapping: ResultMapping,
  label: string,
  module: string,
): ObjectTypeSpec {
  if (mapping.kind === "object") return types.objectSpec(result, label);
  const type = types.typeSpec(result, { owner: label, property: mapping.key, module });
  return {
    type: "object",
    properties: {
      [mapping.key]: { ...type, description: wrappedDescription(checker, result, type, mapping.key) },
    },
    required: [mapping.key],
  };
}

/**
 * What a wrapped result is, for its one output: a list (of what), or a map with its type's TSDoc and
 * declared keys; then the wrapping, which no TSDoc can say, since the TypeScript lookup returns the value
 * itself.
 */
function wrappedDescription(checker: ts.TypeChecker, result: ts.Type, type: TypeSpec, key: string): string {
  const nameOf = (t: ts.Type) => {
    const symbol = t.aliasSymbol ?? t.getSymbol();
    return symbol === undefined || symbol.name.startsWith("__") ? undefined : symbol;
  };
  if ("type" in type && type.type === "array") {
    const element = nameOf(checker.getTypeArguments(result as ts.TypeReference)[0]);
    return (
      `The lookup's result, a list${element === undefined ? "" : ` of \`${element.name}\``}. ` +
      `Wrapped in \`${key}\` because a Pulumi function returns an object; the TypeScript lookup returns the list itself.`
    );
  }
  const symbol = nameOf(result);
  const doc = symbol && docOf(checker, symbol);
  const keys = checker.getPropertiesOfType(result).map((p) => `\`${p.name}\``);
  return [
    "The lookup's result, a map.",
    doc ?? "",
    keys.length > 0 ? `Its keys include ${keys.join(", ")}.` : "",
    `Wrapped in \`${key}\` because a Pulumi function returns an object; the TypeScript lookup returns the map itself.`,
  ]
    .filter((part) => part !== "")
    .join(" ");
}
