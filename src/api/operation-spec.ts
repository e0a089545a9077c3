// Shapes of the generated operation table, shared by the generator's output and the HTTP layer.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ParameterSpec {
  /** camelCase name used in the params object. */
  readonly name: string;
  /** Name on the wire: the query key, path placeholder or body field. */
  readonly wireName: string;
  readonly in: 'path' | 'query' | 'header' | 'body' | 'formData';
  readonly required: boolean;
  readonly type: string | null;
  readonly format: string | null;
  readonly enum: readonly string[] | null;
}

export type ResponseShape =
  | { readonly kind: 'none' }
  | { readonly kind: 'plain' }
  | { readonly kind: 'record'; readonly definition: string }
  | { readonly kind: 'array'; readonly definition: string };

export interface OperationSpec {
  readonly operationId: string;
  readonly methodName: string;
  readonly method: HttpMethod;
  /** Path below the API base URL, with `{Name}` placeholders. */
  readonly path: string;
  readonly summary: string | null;
  /** OAuth scope that the operation's description requires, such as `contact:read`. */
  readonly scope: string | null;
  readonly deprecated: boolean;
  readonly parameters: readonly ParameterSpec[];
  /** Definition sent whole as the request body, for operations that take one. */
  readonly bodyDefinition: string | null;
  readonly response: ResponseShape;
  /** JSON Schema of the documented response body per status code. */
  readonly responseSchemas: Readonly<Record<string, unknown>>;
}

/** Options accepted by every API call. */
export interface RequestOptions {
  /** Aborts the request, including any retry wait. */
  signal?: AbortSignal;
  /** Time limit for each attempt in milliseconds. Default: the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Extra request headers. `Authorization` and `Accept` are set by the client and cannot be replaced. */
  headers?: Record<string, string>;
}

/** Performs one operation: the HTTP client implements it and the generated `PropertyMeApi` calls it. */
export interface OperationCaller {
  call(operation: OperationSpec, params: object, options?: RequestOptions): Promise<unknown>;
}
