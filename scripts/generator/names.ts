// Naming rules shared by every emitter. The runtime mapper in src/api/wire-names.ts applies the same
// camelCase rule to fields the contract does not list.

/**
 * Converts a wire name to camelCase: the leading run of capitals becomes lower case, keeping the last
 * one when a lower-case letter follows (`IsOwner` → `isOwner`, `ABN` → `abn`, `URLPath` → `urlPath`).
 */
export function camelCase(name: string): string {
  const match = /^[A-Z]+/.exec(name);
  if (!match) return name;

  const run = match[0];
  if (run.length === 1 || run.length === name.length) return run.toLowerCase() + name.slice(run.length);

  const next = name[run.length];
  const keep = next !== undefined && /[a-z]/.test(next) ? 1 : 0;
  return run.slice(0, run.length - keep).toLowerCase() + name.slice(run.length - keep);
}

export function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Turns a definition name such as `List_MobContactData_` into a TypeScript identifier. */
export function typeName(definition: string): string {
  return definition.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Whether a property name can be written without quotes in TypeScript. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

export function propertyKey(name: string): string {
  return isIdentifier(name) ? name : JSON.stringify(name);
}

/**
 * Derives a method name from an operation id. PropertyMe's ids join a request type, the path and the
 * method (`ChangedContactsRequestcontacts_Get`); the request type without `Request` is the readable
 * part. Ids without `Request` end in the path written without slashes and braces.
 */
export function operationName(operationId: string, path: string): string {
  const pathSlug = path.replace(/^\/v\d+\//, '').replace(/[/{}]/g, '');
  const withoutMethod = operationId.replace(/_(Get|Post|Put|Delete|Create|Patch)$/, '');
  const withoutPath = withoutMethod.endsWith(pathSlug) ? withoutMethod.slice(0, -pathSlug.length) : withoutMethod;
  const withoutRequest = withoutPath.replace(/Request$/, '');
  return withoutRequest.charAt(0).toLowerCase() + withoutRequest.slice(1);
}

/** Formats text as the lines of a `/** ... *\/` comment at the given indentation. */
export function docComment(lines: Array<string | undefined>, indent = ''): string {
  const text = lines
    .filter((line): line is string => typeof line === 'string' && line.trim() !== '')
    .map((line) => line.replace(/\*\//g, '*\\/').trim());
  if (text.length === 0) return '';
  if (text.length === 1) return `${indent}/** ${text[0]} */\n`;
  return `${indent}/**\n${text.map((line) => `${indent} * ${line}`).join('\n')}\n${indent} */\n`;
}
