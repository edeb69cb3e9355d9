/**
 * The parts of a Pulumi package schema the native provider reads (the full form:
 * https://www.pulumi.com/docs/iac/guides/building-extending/packages/schema/).
 */

/** A property of a resource, a function or the provider. */
export interface PropertySpec {
  type?: string;
  description?: string;
  secret?: boolean;
  [key: string]: unknown;
}

/** A resource or the provider. */
export interface ResourceSpec {
  description?: string;
  inputProperties?: Record<string, PropertySpec>;
  requiredInputs?: string[];
  properties?: Record<string, PropertySpec>;
  required?: string[];
}

/** The package. */
export interface PackageSchema {
  name: string;
  version?: string;
  config?: { variables?: Record<string, PropertySpec> };
  provider?: ResourceSpec;
  resources: Record<string, ResourceSpec>;
  functions?: Record<string, { description?: string; inputs?: ResourceSpec; outputs?: ResourceSpec }>;
}
