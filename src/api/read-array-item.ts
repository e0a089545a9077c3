// Converts the text of one element of a streamed list response into its camelCase model, keeping
// int64 values exact as a whole response read by read-response.ts does.
import { HttpError } from '../errors/http-error.js';
import type { OperationSpec } from './operation-spec.js';
import { LongInt64Digits, parseWireJson } from './wire-json.js';
import { recordFromWire, recordFromWireExact } from './wire-mapping.js';

/**
 * Parses one array element of `operation`'s response and maps it to the item definition's model.
 * `parsed` is the text already read with JSON.parse, if the caller has it.
 * @throws {HttpError} with reason `invalid-response` when the text is not valid JSON.
 */
export function readArrayItem(operation: OperationSpec, path: string, status: number, text: string, parsed?: unknown): unknown {
  const shape = operation.response;
  const parse = (reader: (text: string) => unknown): unknown => {
    try {
      return reader(text);
    } catch (error) {
      throw new HttpError(`${operation.method} ${path} returned ${status} with a list item that is not valid JSON: ${(error as Error).message}`, {
        status,
        reason: 'invalid-response',
        operationId: operation.operationId,
        method: operation.method,
        path,
        body: text,
        cause: error,
      });
    }
  };
  if (shape.kind !== 'array') return parse(parseWireJson);

  const digits = new LongInt64Digits(text);
  const model = recordFromWireExact(shape.definition, parsed === undefined ? parse(JSON.parse) : parsed, digits);
  if (digits.allTaken) return model;
  // The digits did not line up with the record. Quoting them before parsing handles every case.
  return recordFromWire(shape.definition, parse(parseWireJson));
}
