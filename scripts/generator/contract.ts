// Types for the parts of a Swagger 2.0 document that the generator reads, and the loader.
import { readFile } from 'node:fs/promises';

export interface SchemaObject {
  type?: string;
  format?: string;
  title?: string;
  description?: string;
  enum?: string[];
  items?: SchemaObject;
  $ref?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: SchemaObject | boolean;
  'x-nullable'?: boolean;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'body' | 'formData';
  description?: string;
  required?: boolean;
  type?: string;
  format?: string;
  enum?: string[];
  items?: SchemaObject;
  schema?: SchemaObject;
  $ref?: string;
  'x-nullable'?: boolean;
}

export interface OperationObject {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  consumes?: string[];
  deprecated?: boolean;
  parameters?: ParameterObject[];
  responses: Record<string, { description?: string; schema?: SchemaObject }>;
}

export interface SwaggerDocument {
  swagger: string;
  host?: string;
  basePath?: string;
  paths: Record<string, Record<string, OperationObject | ParameterObject[]>>;
  definitions: Record<string, SchemaObject>;
  parameters?: Record<string, ParameterObject>;
}

/** Reads a Swagger 2.0 document from a file path or an http(s) URL. */
export async function loadContract(source: string): Promise<SwaggerDocument> {
  const text = /^https?:\/\//.test(source)
    ? await (await fetch(source, { headers: { Accept: 'application/json' } })).text()
    : await readFile(source, 'utf8');

  const document = JSON.parse(text) as SwaggerDocument;
  if (document.swagger !== '2.0') {
    throw new Error(`${source} is not a Swagger 2.0 document (its "swagger" field is ${JSON.stringify(document.swagger)})`);
  }
  return document;
}

/** Returns the definition name that a `#/definitions/Name` reference points to. */
export function refName(ref: string): string {
  const prefix = '#/definitions/';
  if (!ref.startsWith(prefix)) throw new Error(`Unsupported reference ${ref}: only ${prefix}... is handled`);
  return ref.slice(prefix.length);
}
