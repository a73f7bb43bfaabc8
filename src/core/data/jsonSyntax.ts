/**
 * A small JSON scanner used only where `JSON.parse` cannot help: it locates the first
 * syntax error (Node's messages do not always carry a position) and the start of each
 * element of a top-level array (so that a record can be reported by line).
 */

/** The first syntax error in a JSON text. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly message: string;
}

/** Thrown inside the validator to unwind to `findJsonSyntaxError`; never escapes this module. */
class Fault extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const WS = new Set([' ', '\t', '\n', '\r']);

/** Recursive-descent validator; it builds no values, JSON.parse does that. */
class Validator {
  pos: number;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  run(): void {
    this.skipWs();
    this.value();
    this.skipWs();
    if (this.pos < this.end) throw new Fault(this.pos, `unexpected ${this.describe()} after the JSON value`);
  }

  private describe(): string {
    if (this.pos >= this.end) return 'end of input';
    return `character ${JSON.stringify(this.text[this.pos])}`;
  }

  private skipWs(): void {
    while (this.pos < this.end && WS.has(this.text[this.pos] ?? '')) this.pos++;
  }

  private value(): void {
    const c = this.pos < this.end ? this.text[this.pos] : undefined;
    if (c === '{') this.object();
    else if (c === '[') this.array();
    else if (c === '"') this.string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else if (!this.literal('true') && !this.literal('false') && !this.literal('null')) {
      throw new Fault(this.pos, `unexpected ${this.describe()}, expected a JSON value`);
    }
  }

  private literal(word: string): boolean {
    if (this.text.startsWith(word, this.pos) && this.pos + word.length <= this.end) {
      this.pos += word.length;
      return true;
    }
    return false;
  }

  private object(): void {
    this.pos++;
    this.skipWs();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipWs();
      if (this.text[this.pos] !== '"' || this.pos >= this.end) {
        throw new Fault(this.pos, `unexpected ${this.describe()}, expected a property name in double quotes`);
      }
      this.string();
      this.skipWs();
      this.expect(':', "expected ':' after the property name");
      this.skipWs();
      this.value();
      this.skipWs();
      if (this.text[this.pos] === ',' && this.pos < this.end) this.pos++;
      else return this.expect('}', "expected ',' or '}' after a property value");
    }
  }

  private array(): void {
    this.pos++;
    this.skipWs();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipWs();
      this.value();
      this.skipWs();
      if (this.text[this.pos] === ',' && this.pos < this.end) this.pos++;
      else return this.expect(']', "expected ',' or ']' after an array element");
    }
  }

  private expect(ch: string, message: string): void {
    if (this.pos >= this.end || this.text[this.pos] !== ch) {
      throw new Fault(this.pos, `unexpected ${this.describe()}: ${message}`);
    }
    this.pos++;
  }

  private string(): void {
    const open = this.pos++;
    while (this.pos < this.end) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x22) {
        this.pos++;
        return;
      }
      if (c < 0x20) throw new Fault(this.pos, 'control character (such as a raw newline or tab) inside a string');
      if (c === 0x5c) this.escape();
      else this.pos++;
    }
    throw new Fault(open, 'unterminated string');
  }

  private escape(): void {
    const c = this.text[this.pos + 1];
    if (c !== undefined && '"\\/bfnrt'.includes(c)) this.pos += 2;
    else if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) this.pos += 6;
    else throw new Fault(this.pos, 'invalid escape sequence in a string');
  }

  private number(): void {
    const re = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m || m[0] === '-') throw new Fault(this.pos, 'invalid number');
    this.pos += m[0].length;
  }
}

/** The first syntax error in `text[start, end)`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string, start = 0, end = text.length): JsonSyntaxError | undefined {
  try {
    new Validator(text, start, end).run();
    return undefined;
  } catch (e) {
    if (e instanceof Fault) return { offset: e.offset, message: e.message };
    throw e;
  }
}

/**
 * Offsets where each element of a top-level JSON array begins. `text` must already be
 * valid JSON whose top-level value is an array.
 */
export function arrayElementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '"') {
      if (expectElement && depth === 1) offsets.push(i);
      expectElement = false;
      i = skipString(text, i);
    } else if (c === '[' || c === '{') {
      if (expectElement && depth === 1) offsets.push(i);
      expectElement = depth === 0;
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      expectElement = false;
    } else if (c === ',') {
      expectElement = depth === 1;
    } else if (!WS.has(c) && expectElement && depth === 1) {
      offsets.push(i);
      expectElement = false;
    }
  }
  return offsets;
}

/** Index of the closing quote of the string that opens at `open`. */
function skipString(text: string, open: number): number {
  let i = open + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}
