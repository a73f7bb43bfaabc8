import * as vscode from 'vscode';
import { relocate } from '../core/literals/relocateLiteral';
import { literalsOf, type PromptTarget } from './promptTarget';

/** A target's prompt as it is in a document now: where, and its current (decoded) text. */
export interface LocatedTarget {
  readonly range: vscode.Range;
  readonly value: string;
}

/** Where a target's prompt is in `document` now, or undefined when it cannot be found unambiguously. */
export async function locateTarget(document: vscode.TextDocument, target: PromptTarget): Promise<LocatedTarget | undefined> {
  if (target.uri !== document.uri.toString()) return undefined;
  const text = document.getText();
  switch (target.kind) {
    case 'file':
      return { range: new vscode.Range(document.positionAt(0), document.positionAt(text.length)), value: text };
    case 'selection': {
      const at = text.indexOf(target.text);
      if (at < 0 || text.indexOf(target.text, at + 1) >= 0) return undefined;
      return { range: new vscode.Range(document.positionAt(at), document.positionAt(at + target.text.length)), value: target.text };
    }
    case 'literal': {
      const found = relocate(target.anchor, await literalsOf(document));
      if (found.status !== 'found') return undefined;
      const { start, end } = found.literal.range;
      return { range: new vscode.Range(document.positionAt(start), document.positionAt(end)), value: found.literal.value };
    }
  }
}
