// Renders /openapi.json as a reference: one section per operation, built with createElement/textContent.
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== null) node.append(c);
  return node;
};

const schemaBlock = (schema) => el('pre', { class: 'schema' }, JSON.stringify(schema, null, 2));

/** A parameter's values in one line: `a | b`, `""` for an empty string, and its default. */
function valuesText(schema) {
  if (!schema) return '';
  const values = schema.anyOf
    ? schema.anyOf.map(valuesText).join(' | ')
    : schema.enum
      ? schema.enum.join(' | ')
      : 'const' in schema
        ? JSON.stringify(schema.const)
        : (schema.type ?? '');
  return 'default' in schema ? `${values} (default ${schema.default})` : values;
}

function parametersTable(parameters) {
  if (!parameters?.length) return null;
  const rows = parameters.map((p) =>
    el(
      'tr',
      {},
      el('td', {}, el('code', {}, p.name)),
      el('td', {}, p.required ? 'required' : 'optional'),
      el('td', {}, valuesText(p.schema)),
      el('td', {}, p.description ?? ''),
    ),
  );
  return el('table', {}, el('tbody', {}, ...rows));
}

function responsesList(responses) {
  const items = Object.entries(responses).map(([status, r]) => {
    const media = Object.entries(r.content ?? {})[0];
    const schema = media?.[1]?.schema;
    const details = schema ? el('details', {}, el('summary', {}, media[0]), schemaBlock(schema)) : null;
    return el('li', {}, el('code', {}, status), ` ${r.description ?? ''}`, details);
  });
  return el('ul', { class: 'responses' }, ...items);
}

function operationSection(path, method, op) {
  const auth = op.security?.length
    ? `needs a token (${op.security.map((s) => Object.keys(s)[0]).join(', ')})`
    : 'open';
  const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : undefined;
  return el(
    'section',
    { class: 'operation', 'data-path': path, 'data-method': method },
    el('h2', {}, el('span', { class: `method ${method}` }, method.toUpperCase()), ' ', el('code', {}, path)),
    el('p', {}, op.summary ?? ''),
    el('p', { class: 'auth' }, `Authentication: ${auth}`),
    parametersTable(op.parameters),
    body ? el('p', {}, `Body (${body[0]}): ${op.requestBody.description ?? ''}`) : null,
    body?.[1]?.schema
      ? el('details', {}, el('summary', {}, 'body schema'), schemaBlock(body[1].schema))
      : null,
    el('h3', {}, 'Responses'),
    responsesList(op.responses),
  );
}

async function main() {
  const main = document.getElementById('operations');
  try {
    const res = await fetch('/openapi.json');
    const doc = await res.json();
    const sections = [];
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods)) sections.push(operationSection(path, method, op));
    main.replaceChildren(el('p', {}, `${doc.info.title} ${doc.info.version}`), ...sections);
  } catch (e) {
    main.replaceChildren(el('p', { class: 'error' }, `Could not load /openapi.json: ${e}`));
  }
}

main();
