/** One `<name arg>…</name>` section of a Fluentd config, or the file itself (name ''). */
export interface FluentSection {
  name: string;
  arg: string;
  directives: Map<string, string>;
  sections: FluentSection[];
  line: number;
}

/**
 * Reads Fluentd's config syntax far enough to check its structure without a Fluentd
 * binary: sections must nest and close in order, directives are `key value` lines,
 * `#` starts a comment outside quotes. Throws with the line number on anything else.
 */
export function parseFluentConfig(text: string): FluentSection {
  const root: FluentSection = { name: '', arg: '', directives: new Map(), sections: [], line: 0 };
  const open: FluentSection[] = [root];
  text.split('\n').forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const closing = /^<\/([a-z_]+)>$/.exec(line);
    if (closing) {
      const current = open.pop()!;
      if (current === root || current.name !== closing[1]) {
        throw new Error(
          `line ${lineNumber}: </${closing[1]}> closes ${current === root ? 'nothing' : `<${current.name}> of line ${current.line}`}`,
        );
      }
      return;
    }
    const opening = /^<([a-z_]+)(?:\s+([^>]+))?>$/.exec(line);
    if (opening) {
      const section: FluentSection = {
        name: opening[1],
        arg: opening[2]?.trim() ?? '',
        directives: new Map(),
        sections: [],
        line: lineNumber,
      };
      open[open.length - 1].sections.push(section);
      open.push(section);
      return;
    }
    const directive = /^(@?[a-z_][a-z0-9_]*)(?:\s+(.*))?$/.exec(line);
    if (!directive) throw new Error(`line ${lineNumber}: not a section or a directive: ${line}`);
    const current = open[open.length - 1];
    if (current === root) throw new Error(`line ${lineNumber}: directive ${directive[1]} outside any section`);
    current.directives.set(directive[1], unquote(stripComment(directive[2] ?? '')));
  });
  if (open.length > 1)
    throw new Error(`<${open[open.length - 1].name}> of line ${open[open.length - 1].line} is never closed`);
  return root;
}

function stripComment(value: string): string {
  let quote: string | null = null;
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i];
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#' && /\s/.test(value[i - 1] ?? ' ')) return value.slice(0, i).trim();
  }
  return value.trim();
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** Every section named `name`, at any depth. */
export function sectionsNamed(section: FluentSection, name: string): FluentSection[] {
  return section.sections.flatMap((child) => [...(child.name === name ? [child] : []), ...sectionsNamed(child, name)]);
}
