/** Shared helpers for the literal locator tests: parse, pick a literal, write a value back and re-read it. */
import * as assert from 'node:assert/strict';
import { findPromptLiterals, literalAt } from '../../../src/core/literals/findPromptLiterals';
import type { PromptLiteral, SourceLanguage } from '../../../src/core/literals/promptLiteral';
import { applyReplacement, renderReplacement, type Replacement } from '../../../src/core/literals/renderReplacement';
import { hasSyntaxErrors } from '../../../src/core/literals/treeSitterLoader';

/** The one literal bound to `name` in `source`. */
export async function literalNamed(source: string, language: SourceLanguage, name: string): Promise<PromptLiteral> {
  const found = (await findPromptLiterals(source, language)).filter((l) => l.bindingName === name);
  assert.equal(found.length, 1, `expected one literal bound to ${name}, found ${found.length}`);
  const [literal] = found;
  assert.ok(literal);
  return literal;
}

/** The result of writing a value into a literal and parsing the file again. */
export interface RoundTrip {
  readonly replacement: Replacement;
  readonly source: string;
  readonly reread: PromptLiteral;
}

/** Writes `newValue` into the literal bound to `name`, checks the file still parses, and re-reads the literal. */
export async function roundTrip(source: string, language: SourceLanguage, name: string, newValue: string): Promise<RoundTrip> {
  const literal = await literalNamed(source, language, name);
  const replacement = renderReplacement(literal, newValue);
  const changed = applyReplacement(source, replacement);
  assert.equal(await hasSyntaxErrors(changed, language), false, `syntax error after writing ${JSON.stringify(newValue)}:\n${changed}`);
  const reread = literalAt(await findPromptLiterals(changed, language), literal.range.start);
  assert.ok(reread, `no literal at ${literal.range.start} in:\n${changed}`);
  return { replacement, source: changed, reread };
}
