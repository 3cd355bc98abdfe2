// @ts-check
// Session filter text utilities (seed 000): escape, rolesToString, stringToRoles.

export function escape(value) {
  return String(value).replace(/["'\\]/g, (c) => '\\' + c);
}

export function rolesToString(roles) {
  return [...new Set(roles)].sort().map((r) => '"' + escape(r) + '"').join(',');
}

export function stringToRoles(text) {
  const roles = new Set();
  let i = 0;
  const ws = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  ws();
  const bracketed = text[i] === '[';
  if (bracketed) { i++; ws(); }
  let separated = true;
  while (i < text.length && !(bracketed && text[i] === ']')) {
    const quote = text[i];
    if (quote !== '"' && quote !== "'") throw new Error(`expected a quoted role at ${i}, found '${quote}'`);
    if (!separated) throw new Error(`expected ',' or whitespace between roles at ${i}, found '${quote}'`);
    let role = '';
    i++;
    for (;;) {
      if (i >= text.length) throw new Error(`unterminated role at ${i}`);
      const c = text[i++];
      if (c === '\\' && i < text.length) { role += text[i++]; continue; }
      if (c === quote) break;
      role += c;
    }
    roles.add(role);
    const before = i;
    ws();
    separated = i > before;
    if (text[i] === ',') { i++; ws(); separated = true; }
  }
  if (bracketed) {
    if (text[i] !== ']') throw new Error(`expected ']' at ${i}`);
    i++; ws();
  }
  if (i < text.length) throw new Error(`unexpected '${text[i]}' at ${i}`);
  return roles;
}
