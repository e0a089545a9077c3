/** The place where a JSON text first breaks the grammar. */
export interface JsonErrorPosition {
  /** Line and column, counted from 1 as editors show them. */
  line: number;
  column: number;
  /** Offset in UTF-16 code units from the start of the text. */
  offset: number;
}

/**
 * Finds the first place where `text` breaks the JSON grammar of RFC 8259, or returns `undefined`
 * when there is none (or when nesting is too deep to scan). Use it in place of the message of
 * `JSON.parse`'s `SyntaxError`, which quotes part of the input: in a token file that part may be a
 * token. Nothing of the text itself is returned.
 */
export function locateJsonSyntaxError(text: string): JsonErrorPosition | undefined {
  const scanner = new JsonScanner(text);
  let valid: boolean;
  try {
    scanner.skipWhitespace();
    valid = scanner.value();
    scanner.skipWhitespace();
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  if (valid && scanner.index === text.length) return undefined;
  return positionOf(text, scanner.index);
}

/**
 * Describes why `JSON.parse` rejected `text` without quoting any of it. V8's own message is kept when
 * it quotes nothing of the input (such as "Unterminated string in JSON at position 9"), with its
 * offset replaced by the line and column that {@link locateJsonSyntaxError} finds in `text`. That
 * offset would be wrong when `text` was rewritten before parsing, as `parseWireJson` does. A message
 * that quotes the input (`Unexpected token 'x', "...x..." is not valid JSON`) is replaced by the
 * line and column alone.
 */
export function describeJsonSyntaxError(text: string, error: unknown): string {
  const position = locateJsonSyntaxError(text);
  const where = position === undefined ? undefined : `line ${position.line}, column ${position.column}`;
  const message = error instanceof SyntaxError ? error.message : '';

  const quotesNothing = !/["\r\n]/.test(message) && /in JSON at position \d+|end of JSON input/.test(message);
  if (quotesNothing) {
    if (/end of JSON input/.test(message)) return message;
    const reason = message.replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?/, '');
    return where === undefined ? reason : `${reason} at ${where}`;
  }

  if (position === undefined) return 'invalid JSON';
  return position.offset >= text.length ? `unexpected end of input at ${where}` : `unexpected character at ${where}`;
}

function positionOf(text: string, offset: number): JsonErrorPosition {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1, offset };
}

/** A JSON number, matched at `lastIndex` only. */
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

// A recursive-descent recogniser. Each method returns false with `index` on the offending character.
class JsonScanner {
  index = 0;

  constructor(private readonly text: string) {}

  skipWhitespace(): void {
    while (' \t\n\r'.includes(this.text[this.index] ?? 'x')) this.index++;
  }

  value(): boolean {
    const character = this.text[this.index];
    if (character === '{') return this.container('}', () => this.member());
    if (character === '[') return this.container(']', () => this.value());
    if (character === '"') return this.string();
    if (character === '-' || (character !== undefined && character >= '0' && character <= '9')) return this.number();
    for (const literal of ['true', 'false', 'null']) {
      if (character === literal[0]) return this.literal(literal);
    }
    return false;
  }

  private container(close: string, item: () => boolean): boolean {
    this.index++;
    this.skipWhitespace();
    if (this.text[this.index] === close) {
      this.index++;
      return true;
    }

    for (;;) {
      this.skipWhitespace();
      if (!item()) return false;
      this.skipWhitespace();
      const next = this.text[this.index];
      if (next === close) {
        this.index++;
        return true;
      }
      if (next !== ',') return false;
      this.index++;
    }
  }

  private member(): boolean {
    if (this.text[this.index] !== '"' || !this.string()) return false;
    this.skipWhitespace();
    if (this.text[this.index] !== ':') return false;
    this.index++;
    this.skipWhitespace();
    return this.value();
  }

  private string(): boolean {
    this.index++;
    for (;;) {
      const character = this.text[this.index];
      if (character === undefined || character < ' ') return false;
      if (character === '"') {
        this.index++;
        return true;
      }
      if (character !== '\\') {
        this.index++;
        continue;
      }

      const escaped = this.text[this.index + 1] ?? '';
      if (escaped !== '' && '"\\/bfnrt'.includes(escaped)) {
        this.index += 2;
      } else if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.index + 2, this.index + 6))) {
        this.index += 6;
      } else {
        this.index++;
        return false;
      }
    }
  }

  private number(): boolean {
    JSON_NUMBER.lastIndex = this.index;
    const match = JSON_NUMBER.exec(this.text);
    if (match === null) {
      if (this.text[this.index] === '-') this.index++;
      return false;
    }
    this.index += match[0].length;
    return true;
  }

  private literal(word: string): boolean {
    for (const expected of word) {
      if (this.text[this.index] !== expected) return false;
      this.index++;
    }
    return true;
  }
}
