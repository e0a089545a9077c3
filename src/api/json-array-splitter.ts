// Splits a top-level JSON array that arrives in byte chunks into the text of its elements, so that
// a large list can be parsed one record at a time instead of holding the whole body.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
/** UTF-8's byte order mark, which some servers put before a body and JSON readers skip. */
const BOM = [0xef, 0xbb, 0xbf];

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Finds where each element of a JSON array starts and ends, tracking only strings, escapes and
 * nesting. It checks the array's own punctuation only, so each element's text still has to be
 * parsed, which rejects anything else that is not JSON.
 */
export class JsonArraySplitter {
  #phase: 'before' | 'inside' | 'after' = 'before';
  /** Nesting depth inside the current element. */
  #depth = 0;
  #inString = false;
  /** Whether the next byte of the current string is escaped by a backslash. */
  #escaped = false;
  /** Whether the current element has begun: false right after `[` or a comma. */
  #inElement = false;
  #sawComma = false;
  /** Bytes of the current element from earlier chunks. */
  #parts: Uint8Array[] = [];
  /** Byte order mark bytes matched at the start of the body, or -1 once anything else came. */
  #bom = 0;

  /**
   * Reads one chunk and returns the text of every element completed in it, in order.
   * @throws {SyntaxError} when the bytes are not a JSON array.
   */
  push(chunk: Uint8Array): string[] {
    const elements: string[] = [];
    let start = this.#inElement ? 0 : -1;
    let index = 0;

    while (index < chunk.length) {
      if (this.#inString) {
        index = this.#skipString(chunk, index);
        continue;
      }

      const byte = chunk[index]!;
      if (this.#phase === 'inside') {
        if (this.#depth === 0 && (byte === COMMA || byte === CLOSE_BRACKET)) {
          if (this.#inElement) {
            elements.push(this.#finishElement(chunk, start, index));
            start = -1;
          } else if (byte === COMMA || this.#sawComma) {
            throw new SyntaxError(`Missing array element before '${String.fromCharCode(byte)}'`);
          }
          this.#sawComma = byte === COMMA;
          if (byte === CLOSE_BRACKET) this.#phase = 'after';
        } else if (!isWhitespace(byte) || this.#inElement) {
          if (!this.#inElement) {
            this.#inElement = true;
            start = index;
          }
          if (byte === QUOTE) this.#inString = true;
          else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) this.#depth++;
          else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) this.#depth--;
          if (this.#depth < 0) throw new SyntaxError(`Unexpected '${String.fromCharCode(byte)}' in an array element`);
        }
      } else if (this.#phase === 'before' && this.#bom >= 0 && this.#bom < BOM.length && byte === BOM[this.#bom]) {
        this.#bom++;
      } else {
        this.#bom = -1;
        if (isWhitespace(byte)) {
          // Whitespace around the array is allowed.
        } else if (this.#phase === 'before' && byte === OPEN_BRACKET) {
          this.#phase = 'inside';
        } else {
          throw new SyntaxError(`Unexpected '${String.fromCharCode(byte)}' ${this.#phase === 'before' ? 'where a JSON array should start' : 'after the JSON array'}`);
        }
      }
      index++;
    }

    if (this.#inElement && start !== -1) this.#parts.push(chunk.subarray(start));
    return elements;
  }

  /**
   * Checks that the array was closed. A body that was empty or only whitespace counts as an empty
   * array, as it does for a whole response.
   * @throws {SyntaxError} when the body ended inside the array.
   */
  end(): void {
    if (this.#phase === 'inside') throw new SyntaxError('The JSON array ended early: the body is truncated');
  }

  /** Advances past string content from `index` and returns the index after the closing quote, or the chunk's end. */
  #skipString(chunk: Uint8Array, index: number): number {
    if (this.#escaped) {
      this.#escaped = false;
      index++;
    }
    for (;;) {
      const quote = chunk.indexOf(QUOTE, index);
      const end = quote === -1 ? chunk.length : quote;
      // Count the backslashes just before the quote (or the chunk's end): an odd run escapes it.
      let backslashes = 0;
      while (end - backslashes - 1 >= index && chunk[end - backslashes - 1] === BACKSLASH) backslashes++;
      const escapes = backslashes % 2 === 1;

      if (quote === -1) {
        this.#escaped = escapes;
        return chunk.length;
      }
      if (!escapes) {
        this.#inString = false;
        return quote + 1;
      }
      index = quote + 1;
    }
  }

  #finishElement(chunk: Uint8Array, start: number, end: number): string {
    this.#inElement = false;
    const parts = this.#parts;
    const tail = chunk.subarray(start, end);
    if (parts.length === 0) return decode(tail);

    this.#parts = [];
    parts.push(tail);
    return decode(Buffer.concat(parts));
  }
}

function decode(bytes: Uint8Array): string {
  // Buffer decodes UTF-8 as response.text() does, replacing invalid sequences with U+FFFD.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').trimEnd();
}
