/**
 * A tiny XML parser for tests (no regular expressions): elements, double- or
 * single-quoted attributes, text, the five predefined entities and numeric references.
 * Throws on mismatched tags, so a malformed JUnit file fails the test.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c !== '&') {
      out += c;
      i += 1;
      continue;
    }
    const end = raw.indexOf(';', i);
    if (end < 0) throw new Error(`unterminated entity at ${i}`);
    const name = raw.slice(i + 1, end);
    if (name.startsWith('#x')) out += String.fromCodePoint(parseInt(name.slice(2), 16));
    else if (name.startsWith('#')) out += String.fromCodePoint(Number(name.slice(1)));
    else if (name in named) out += named[name];
    else throw new Error(`unknown entity &${name};`);
    i = end + 1;
  }
  return out;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r';

/** Parses `xml` and returns its root element. */
export function parseXml(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let i = 0;
  while (i < xml.length) {
    if (xml[i] !== '<') {
      const next = xml.indexOf('<', i);
      const end = next < 0 ? xml.length : next;
      const top = stack[stack.length - 1];
      if (top !== undefined) top.text += decode(xml.slice(i, end));
      i = end;
      continue;
    }
    if (xml.startsWith('<?', i)) {
      i = xml.indexOf('?>', i) + 2;
      continue;
    }
    if (xml.startsWith('<!--', i)) {
      i = xml.indexOf('-->', i) + 3;
      continue;
    }
    if (xml[i + 1] === '/') {
      const end = xml.indexOf('>', i);
      const name = xml.slice(i + 2, end).trim();
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      i = end + 1;
      continue;
    }
    let j = i + 1;
    let name = '';
    while (j < xml.length && !isSpace(xml[j]) && xml[j] !== '>' && xml[j] !== '/') name += xml[j++];
    const attributes: Record<string, string> = {};
    for (;;) {
      while (isSpace(xml[j])) j += 1;
      if (xml[j] === '>' || xml[j] === '/') break;
      let key = '';
      while (xml[j] !== '=' && j < xml.length) key += xml[j++];
      const quote = xml[j + 1];
      if (quote !== '"' && quote !== "'")
        throw new Error(`attribute ${key} of <${name}> is not quoted`);
      const close = xml.indexOf(quote, j + 2);
      attributes[key.trim()] = decode(xml.slice(j + 2, close));
      j = close + 1;
    }
    const element: XmlElement = { name, attributes, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.children.push(element);
    else if (root === null) root = element;
    else throw new Error('more than one root element');
    if (xml[j] === '/') j += 1;
    else stack.push(element);
    if (xml[j] !== '>') throw new Error(`expected > after <${name}`);
    i = j + 1;
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (root === null) throw new Error('no root element');
  return root;
}

/** Every descendant of `element` named `name` (depth first). */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((c) => [...(c.name === name ? [c] : []), ...findAll(c, name)]);
}
