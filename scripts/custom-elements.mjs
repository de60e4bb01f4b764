// The Custom Elements Manifest (custom-elements.json, schema 2.1.0) and VS Code's HTML custom data, read from the
// code with the TypeScript compiler: the tags and classes from ELEMENTS in components/index.ts; each element's
// attributes from its `attributeProperties` table (following `...Parent.attributeProperties`); its properties from
// the public accessors of its class and the LayerW classes it extends; descriptions from their doc comments; types
// and keyword values from the attribute types in src/framework-types.ts (LayerWElementTypes), and the events from
// the event maps named there. A new element, attribute or event appears here once it is in those places.
import path from 'node:path';
import ts from 'typescript';

const MODULE_PATH = 'dist/layerw.js';

/** The values a flag attribute is given in the manifest's type, so editors offer them. */
const FLAG_VALUES = ['true', 'false'];

function program(rootDir) {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(rootDir, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  const roots = ['components/index.ts', 'src/framework-types.ts'].map((file) => path.join(rootDir, file));
  return ts.createProgram(roots, config.options);
}

function documentation(symbol, checker) {
  return symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim() : '';
}

function resolved(symbol, checker) {
  return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

function findVariable(source, name) {
  let found;
  source.forEachChild(function visit(node) {
    if (ts.isVariableDeclaration(node) && node.name.getText(source) === name) found = node;
    else node.forEachChild(visit);
  });
  if (!found) throw new Error(`${source.fileName} declares no ${name}`);
  return found;
}

function unwrap(expression) {
  let node = expression;
  while (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}

function propertyName(name) {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** The class a class declaration extends, when it is one of ours (not HTMLElement or the server-side stand-in). */
function baseClass(declaration, checker) {
  const clause = declaration.heritageClauses?.find((heritage) => heritage.token === ts.SyntaxKind.ExtendsKeyword);
  if (!clause) return undefined;
  const symbol = resolved(checker.getSymbolAtLocation(clause.types[0].expression), checker);
  return symbol?.declarations?.find(ts.isClassDeclaration);
}

function classChain(declaration, checker) {
  const chain = [];
  for (let current = declaration; current; current = baseClass(current, checker)) chain.push(current);
  return chain;
}

/** `static attributeProperties = { ...Parent.attributeProperties, 'fps-target': 'fpsTarget' }`, evaluated. */
function attributeTable(declaration, checker) {
  const member = declaration.members.find((m) => ts.isPropertyDeclaration(m) && propertyName(m.name) === 'attributeProperties'
    && m.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword));
  if (!member) {
    const base = baseClass(declaration, checker);
    return base ? attributeTable(base, checker) : new Map();
  }
  const table = new Map();
  const literal = unwrap(member.initializer);
  if (!ts.isObjectLiteralExpression(literal)) throw new Error(`${declaration.name.text}.attributeProperties is not an object literal`);
  for (const entry of literal.properties) {
    if (ts.isSpreadAssignment(entry)) {
      const target = unwrap(entry.expression);
      if (!ts.isPropertyAccessExpression(target)) throw new Error(`${declaration.name.text}: cannot read ${entry.getText()}`);
      const owner = resolved(checker.getSymbolAtLocation(target.expression), checker)?.declarations?.find(ts.isClassDeclaration);
      if (!owner) throw new Error(`${declaration.name.text}: ${target.expression.getText()} is not a class`);
      for (const [attribute, property] of attributeTable(owner, checker)) table.set(attribute, property);
    } else if (ts.isPropertyAssignment(entry) && ts.isStringLiteralLike(entry.initializer)) {
      table.set(propertyName(entry.name), entry.initializer.text);
    } else {
      throw new Error(`${declaration.name.text}.attributeProperties: cannot read ${entry.getText()}`);
    }
  }
  return table;
}

/** Accessors a script can reach (public, and protected ones, which exist on the element all the same). */
function isReachable(member) {
  if (member.name && ts.isPrivateIdentifier(member.name)) return false;
  const hidden = [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.StaticKeyword];
  return !member.modifiers?.some((modifier) => hidden.includes(modifier.kind));
}

function isProtected(member) {
  return member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ProtectedKeyword) ?? false;
}

/** Reachable accessors of the class and the LayerW classes it extends, the nearest declaration winning. */
function accessors(chain, checker) {
  const fields = new Map();
  for (const declaration of chain) {
    for (const member of declaration.members) {
      if (!(ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)) || !isReachable(member)) continue;
      const name = propertyName(member.name);
      const owner = declaration.name.text;
      const field = fields.get(name) ?? { name, owner, getter: undefined, setter: undefined };
      if (field.owner !== owner) continue;
      if (ts.isGetAccessorDeclaration(member)) field.getter = member;
      else field.setter = member;
      fields.set(name, field);
    }
  }
  return [...fields.values()].map(({ name, owner, getter, setter }) => {
    const symbol = checker.getSymbolAtLocation((getter ?? setter).name);
    const type = getter
      ? checker.typeToString(checker.getReturnTypeOfSignature(checker.getSignatureFromDeclaration(getter)))
      : checker.typeToString(checker.getTypeAtLocation(setter.parameters[0]));
    const privacy = isProtected(getter ?? setter) ? 'protected' : 'public';
    return { name, owner, description: documentation(symbol, checker), type, readonly: setter === undefined, privacy };
  });
}

function stringLiterals(type) {
  const parts = type.isUnion() ? type.types : [type];
  const values = parts.filter((part) => !(part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
  return values.length > 0 && values.every((part) => part.isStringLiteral()) ? values.map((part) => part.value) : undefined;
}

/** LayerWElementTypes[tag]: the attribute and event types the framework typings give the tag. */
function frameworkTypes(sources, checker) {
  const source = sources.find((file) => file.fileName.endsWith('src/framework-types.ts'));
  const symbol = checker.getSymbolAtLocation(source)?.exports?.get('LayerWElementTypes');
  if (!symbol) throw new Error('src/framework-types.ts exports no LayerWElementTypes');
  const map = new Map();
  for (const tag of checker.getDeclaredTypeOfSymbol(symbol).getProperties()) {
    const entry = checker.getTypeOfSymbol(tag);
    map.set(tag.name, {
      attributes: checker.getTypeOfSymbol(entry.getProperty('attributes')),
      events: checker.getTypeOfSymbol(entry.getProperty('events')),
    });
  }
  return map;
}

function attributeEntry(attribute, property, field, attributeTypes, checker) {
  const symbol = attributeTypes?.getProperty(attribute);
  const type = symbol ? checker.getNonNullableType(checker.getTypeOfSymbol(symbol)) : undefined;
  const isFlag = type?.aliasSymbol?.name === 'LayerWBooleanValue';
  const values = type ? (isFlag ? FLAG_VALUES : stringLiterals(type)) : undefined;
  const aliases = type ? [type, ...(type.isUnion() ? type.types : [])].map((part) => part.aliasSymbol).filter(Boolean) : [];
  const description = field?.description || documentation(symbol, checker) || aliases.map((a) => documentation(a, checker)).find(Boolean) || '';
  const entry = { name: attribute, fieldName: property, description };
  if (type) {
    const text = values ? values.map((value) => JSON.stringify(value)).join(' | ') : checker.typeToString(type, undefined, ts.TypeFormatFlags.InTypeAlias);
    entry.type = { text };
  }
  return entry;
}

/**
 * The manifest for the package: one module, the bundle, declaring each element class with its tag name,
 * attributes, fields and events, and exporting the classes and their custom element definitions.
 */
export function generateManifest(rootDir) {
  const built = program(rootDir);
  const checker = built.getTypeChecker();
  const index = built.getSourceFile(path.join(rootDir, 'components/index.ts'));
  const elements = unwrap(findVariable(index, 'ELEMENTS').initializer);
  const types = frameworkTypes(built.getSourceFiles(), checker);
  const declarations = [];
  const exports = [];
  for (const entry of elements.properties) {
    const tag = propertyName(entry.name);
    const symbol = resolved(checker.getSymbolAtLocation(ts.isShorthandPropertyAssignment(entry) ? entry.name : entry.initializer), checker);
    const declaration = symbol.declarations.find(ts.isClassDeclaration);
    const chain = classChain(declaration, checker);
    const fields = accessors(chain, checker);
    const table = attributeTable(declaration, checker);
    const frameworks = types.get(tag);
    if (!frameworks) throw new Error(`src/framework-types.ts: LayerWElementTypes has no '${tag}'`);
    const attributes = [...table].map(([attribute, property]) =>
      attributeEntry(attribute, property, fields.find((field) => field.name === property), frameworks.attributes, checker));
    const members = fields.map((field) => {
      const attribute = [...table].find(([, property]) => property === field.name)?.[0];
      const member = { kind: 'field', name: field.name, privacy: field.privacy, description: field.description, type: { text: field.type } };
      if (field.readonly) member.readonly = true;
      if (attribute) member.attribute = attribute;
      if (field.owner !== declaration.name.text) member.inheritedFrom = { name: field.owner, module: MODULE_PATH };
      return member;
    });
    const events = frameworks.events.getProperties().map((event) => ({
      name: event.name,
      type: { text: checker.typeToString(checker.getTypeOfSymbol(event)) },
      description: documentation(event, checker),
    }));
    const name = declaration.name.text;
    const superclass = chain[1]?.name.text ?? 'HTMLElement';
    declarations.push({
      kind: 'class', customElement: true, name, tagName: tag, description: documentation(symbol, checker),
      superclass: chain[1] ? { name: superclass, module: MODULE_PATH } : { name: superclass, package: 'global:' },
      attributes, members, events,
    });
    exports.push({ kind: 'js', name, declaration: { name, module: MODULE_PATH } });
    exports.push({ kind: 'custom-element-definition', name: tag, declaration: { name, module: MODULE_PATH } });
  }
  return { schemaVersion: '2.1.0', readme: 'README.md', modules: [{ kind: 'javascript-module', path: MODULE_PATH, declarations, exports }] };
}

/** The keywords an attribute takes, when its type is a union of string literals. */
function keywords(attribute) {
  const parts = attribute.type?.text.split(' | ') ?? [];
  return parts.length > 0 && parts.every((part) => /^"[^"]*"$/.test(part)) ? parts.map((part) => JSON.parse(part)) : undefined;
}

/** VS Code's HTML custom data (`html.customData`) from a manifest: each tag and its attributes, values included. */
export function vscodeCustomData(manifest) {
  const tags = manifest.modules.flatMap((module) => module.declarations).filter((declaration) => declaration.tagName).map((element) => ({
    name: element.tagName,
    description: element.description,
    attributes: element.attributes.map((attribute) => {
      const entry = { name: attribute.name, description: attribute.description };
      const values = keywords(attribute);
      if (values) entry.values = values.map((value) => ({ name: value }));
      return entry;
    }),
  }));
  return { version: 1.1, tags };
}
