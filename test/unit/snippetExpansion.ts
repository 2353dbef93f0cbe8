/**
 * Expands a VS Code snippet body the way the editor does when the user accepts every default: a placeholder
 * becomes its default text, a choice its first option, a bare tab stop mirrors the placeholder with the same
 * number (or nothing), and variables resolve from the given map. Used to check that what a snippet inserts is
 * a valid discovery note.
 */

export interface SnippetExpansion {
  text: string;
  /** Tab stop numbers in order of first appearance (`0` included). */
  tabStops: number[];
  /** Every choice list, by tab stop. */
  choices: Map<number, string[]>;
  /** Variables the body used. */
  variables: Set<string>;
}

const KNOWN_VARIABLES = new Set([
  'CURRENT_YEAR',
  'CURRENT_YEAR_SHORT',
  'CURRENT_MONTH',
  'CURRENT_MONTH_NAME',
  'CURRENT_MONTH_NAME_SHORT',
  'CURRENT_DATE',
  'CURRENT_DAY_NAME',
  'CURRENT_DAY_NAME_SHORT',
  'CURRENT_HOUR',
  'CURRENT_MINUTE',
  'CURRENT_SECOND',
  'TM_FILENAME',
  'TM_FILENAME_BASE',
  'TM_DIRECTORY',
  'TM_SELECTED_TEXT',
  'CLIPBOARD',
  'UUID',
]);

/** The variables of a fixed day, as VS Code would resolve them. */
export function dateVariables(isoDate: string): Record<string, string> {
  const [year, month, day] = isoDate.split('-');
  return { CURRENT_YEAR: year, CURRENT_YEAR_SHORT: year.slice(2), CURRENT_MONTH: month, CURRENT_DATE: day };
}

/** Expands `body` (lines joined with `\n`); throws on syntax the editor would not accept. */
export function expandSnippet(body: string | string[], variables: Record<string, string>): SnippetExpansion {
  const source = Array.isArray(body) ? body.join('\n') : body;
  const state: SnippetExpansion = { text: '', tabStops: [], choices: new Map(), variables: new Set() };
  const defaults = new Map<number, string>();
  // Mirrors are filled in after the first pass, once every placeholder's default is known.
  const mirrorMarks: Array<{ marker: string; stop: number }> = [];
  let pos = 0;

  const noteStop = (n: number): void => {
    if (!state.tabStops.includes(n)) state.tabStops.push(n);
  };

  const readNumber = (): number | null => {
    const m = /^\d+/u.exec(source.slice(pos));
    if (!m) return null;
    pos += m[0].length;
    return Number(m[0]);
  };

  const readName = (): string | null => {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/u.exec(source.slice(pos));
    if (!m) return null;
    pos += m[0].length;
    return m[0];
  };

  const variable = (name: string, fallback: string | null): string => {
    if (!KNOWN_VARIABLES.has(name)) throw new Error(`unknown snippet variable $${name}`);
    state.variables.add(name);
    return variables[name] ?? fallback ?? '';
  };

  /** Parses until `stop` (a `}` closing the current placeholder) or the end; returns the expanded text. */
  const parse = (insidePlaceholder: boolean): string => {
    let out = '';
    while (pos < source.length) {
      const ch = source[pos];
      if (ch === '\\' && pos + 1 < source.length && '$}\\'.includes(source[pos + 1])) {
        out += source[pos + 1];
        pos += 2;
        continue;
      }
      if (ch === '}' && insidePlaceholder) return out;
      if (ch !== '$') {
        out += ch;
        pos += 1;
        continue;
      }
      pos += 1;
      if (source[pos] === '{') {
        pos += 1;
        const n = readNumber();
        if (n !== null) {
          noteStop(n);
          if (source[pos] === '}') {
            pos += 1;
            out += mirror(n);
          } else if (source[pos] === ':') {
            pos += 1;
            const text = parse(true);
            expect('}');
            if (!defaults.has(n)) defaults.set(n, text);
            out += text;
          } else if (source[pos] === '|') {
            pos += 1;
            const end = source.indexOf('|}', pos);
            if (end < 0) throw new Error(`unterminated choice at tab stop ${n}`);
            const options = source.slice(pos, end).split(',');
            if (options.some((o) => o === '')) throw new Error(`empty option in choice ${n}`);
            state.choices.set(n, options);
            pos = end + 2;
            if (!defaults.has(n)) defaults.set(n, options[0]);
            out += options[0];
          } else {
            throw new Error(`unexpected ${JSON.stringify(source[pos])} after tab stop ${n}`);
          }
          continue;
        }
        const name = readName();
        if (name === null) throw new Error(`bad placeholder at offset ${pos}`);
        if (source[pos] === '}') {
          pos += 1;
          out += variable(name, null);
        } else if (source[pos] === ':') {
          pos += 1;
          const fallback = parse(true);
          expect('}');
          out += variable(name, fallback);
        } else {
          throw new Error(`unexpected ${JSON.stringify(source[pos])} after variable ${name}`);
        }
        continue;
      }
      const n = readNumber();
      if (n !== null) {
        noteStop(n);
        out += mirror(n);
        continue;
      }
      const name = readName();
      if (name !== null) {
        out += variable(name, null);
        continue;
      }
      throw new Error(`a lone $ at offset ${pos - 1}; write \\$ for a literal dollar`);
    }
    if (insidePlaceholder) throw new Error('unterminated placeholder');
    return out;
  };

  const expect = (ch: string): void => {
    if (source[pos] !== ch) throw new Error(`expected ${ch} at offset ${pos}`);
    pos += 1;
  };

  const mirror = (n: number): string => {
    const marker = `\u0000mirror${mirrorMarks.length}\u0000`;
    mirrorMarks.push({ marker, stop: n });
    return marker;
  };

  let text = parse(false);
  for (const { marker, stop } of mirrorMarks) text = text.replace(marker, defaults.get(stop) ?? '');
  state.text = text;
  return state;
}
