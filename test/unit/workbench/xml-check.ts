/**
 * A small XML well-formedness check for rendered SVG (no XML parser is installed): tags must nest and
 * close, attributes must be quoted, and only the five predefined entities or numeric references appear.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const tag =
    /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    if (m[0] === '<') {
      problems.push(`stray or malformed tag at offset ${m.index}: ${body.slice(m.index, m.index + 60)}`);
      continue;
    }
    if (m[0] === '&') {
      problems.push(`unescaped & at offset ${m.index}`);
      continue;
    }
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (!closing) stack.push(name!);
    else if (stack.pop() !== name)
      problems.push(`</${name}> does not close the open element at offset ${m.index}`);
  }
  if (stack.length > 0) problems.push(`unclosed elements: ${stack.join(' > ')}`);
  return problems;
}
