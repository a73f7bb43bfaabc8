/**
 * The data model of string literals found in source code: what the locator reports,
 * what relocation matches against and what replacement rendering reads.
 */

/** Languages the locator parses. */
export type SourceLanguage = 'typescript' | 'tsx' | 'javascript' | 'python';

/** A zero-based line and a zero-based column in UTF-16 code units (what VS Code uses). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A half-open range `[start, end)` of UTF-16 offsets into the source, with positions. */
export interface SourceRange {
  readonly start: number;
  readonly end: number;
  readonly startPosition: SourcePosition;
  readonly endPosition: SourcePosition;
}

/**
 * The kind of one literal:
 * `js-string` ('…' or "…"), `js-template` (`…`, untagged),
 * `py-string` (any non-byte, non-f string: plain, raw, triple-quoted, u-prefixed),
 * `py-fstring` (f-strings, including raw and triple-quoted ones).
 */
export type LiteralKind = 'js-string' | 'js-template' | 'py-string' | 'py-fstring';

/** How a template variable is written inside a literal's value. */
export type VariableSyntax = 'js-template' | 'f-string' | 'mustache';

/**
 * A template variable. In a literal's value it appears as `placeholder`, i.e. the
 * source text of the substitution (`${ user.name }`, `{x!r:>10}`) or the mustache text.
 */
export interface TemplateVariable {
  /** The trimmed expression (`user.name`) or mustache name. */
  readonly name: string;
  /** Exactly how the variable appears in the value. */
  readonly placeholder: string;
  readonly syntax: VariableSyntax;
  /** Offset of `placeholder` in the value it belongs to (the part's or the literal's). */
  readonly valueOffset: number;
  /** Where the substitution is in the source (absent for mustache text). */
  readonly range?: SourceRange;
}

/** The quote a part is delimited with (tripled when `triple`). */
export type QuoteChar = "'" | '"' | '`';

/** One literal token: the whole literal, or one piece of a concatenation. */
export interface LiteralPart {
  readonly kind: LiteralKind;
  readonly quote: QuoteChar;
  readonly triple: boolean;
  /** Python prefix letters as written (`r`, `Rf`, `u`); empty for JavaScript. */
  readonly prefix: string;
  readonly raw: boolean;
  /** The token including prefix and quotes. */
  readonly range: SourceRange;
  /** The decoded value: escapes resolved, substitutions kept as their source text. */
  readonly value: string;
  readonly variables: readonly TemplateVariable[];
}

/** A string literal, or a concatenation of literals read as one prompt. */
export interface PromptLiteral {
  readonly language: SourceLanguage;
  /** The first part's kind. */
  readonly kind: LiteralKind;
  /** One part, or several for `"a" "b"` (Python) and `'a' + 'b'` (both languages). */
  readonly parts: readonly LiteralPart[];
  /** From the first part's start to the last part's end: what a replacement overwrites. */
  readonly range: SourceRange;
  /** The parts' values joined. */
  readonly value: string;
  /** What the literal is assigned to: `X`, `this.x`, a property key or a keyword argument. */
  readonly bindingName?: string;
  /** Variables of all parts (offsets into `value`), plus `{{mustache}}` text in plain strings. */
  readonly variables: readonly TemplateVariable[];
  /**
   * For concatenations: the source between the first two parts when it is only
   * whitespace, `+` and line continuations (no comments), reused when a replacement stays split.
   */
  readonly joiner?: string;
  /** Anything the decoder could not do exactly, e.g. a `\N{…}` escape. */
  readonly notes: readonly string[];
}
