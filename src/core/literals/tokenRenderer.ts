/** Renders one literal token (prefix, quotes, escaped content) from value segments. */
import type { LiteralPart } from './promptLiteral';
import { escapeJsText } from './jsQuoting';
import { escapePythonText, rawObstacle, rawPythonText, type PythonStyle } from './pythonQuoting';
import type { ValueSegment } from './valueSegments';

/** The delimiting style of a token to write: a part's style, possibly changed. */
export type TokenStyle = Pick<LiteralPart, 'kind' | 'quote' | 'triple' | 'prefix' | 'raw'>;

/** A rendered token and what had to change about its style. */
export interface RenderedToken {
  readonly text: string;
  readonly notes: readonly string[];
}

function delimiter(style: TokenStyle): string {
  return style.triple ? style.quote.repeat(3) : style.quote;
}

function renderJs(style: TokenStyle, segments: readonly ValueSegment[]): string {
  const body = segments.map((s) => ('variable' in s ? s.variable : escapeJsText(s.text, style.quote))).join('');
  return style.quote + body + style.quote;
}

function pythonBody(segments: readonly ValueSegment[], py: PythonStyle, raw: boolean): string {
  return segments
    .map((s, i) => {
      if ('variable' in s) return s.variable;
      return raw ? rawPythonText(s.text, py) : escapePythonText(s.text, py, i === segments.length - 1);
    })
    .join('');
}

function firstRawObstacle(segments: readonly ValueSegment[], py: PythonStyle): string | undefined {
  for (const [i, s] of segments.entries()) {
    const obstacle = 'text' in s ? rawObstacle(s.text, py, i === segments.length - 1) : undefined;
    if (obstacle) return obstacle;
  }
  return undefined;
}

function renderPython(style: TokenStyle, segments: readonly ValueSegment[]): RenderedToken {
  const py: PythonStyle = { quote: style.quote, triple: style.triple, fstring: style.kind === 'py-fstring' };
  const obstacle = style.raw ? firstRawObstacle(segments, py) : undefined;
  const raw = style.raw && obstacle === undefined;
  const prefix = raw || !style.raw ? style.prefix : [...style.prefix].filter((c) => c !== 'r' && c !== 'R').join('');
  const notes = obstacle ? [`raw string ${style.prefix}${delimiter(style)}…${delimiter(style)} cannot hold the new value (${obstacle}): written as a normal string`] : [];
  return { text: prefix + delimiter(style) + pythonBody(segments, py, raw) + delimiter(style), notes };
}

/** `segments` as one token of `style`; a raw Python style falls back to a normal string when it must. */
export function renderToken(style: TokenStyle, segments: readonly ValueSegment[]): RenderedToken {
  if (style.kind === 'js-string' || style.kind === 'js-template') return { text: renderJs(style, segments), notes: [] };
  return renderPython(style, segments);
}
