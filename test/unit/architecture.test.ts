import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Architecture rules that the type checker and the layer rules (.dependency-cruiser.cjs) cannot
// express. Pure: it reads the source files with the TypeScript parser (no type checking, no
// program) and imports the text catalogues.
//
// (a) Listeners stay small: at most MAX_LISTENER_LINES lines each, so a listener reads as
//     "parse, call a service, answer" and the work lives in services and pure builders.
//     A listener is a function handed to Slack, in src/slack/**:
//     - a handler passed to the kit (onAction, onView, …, subcommand: every on… function
//       src/slack/kit/listen.ts exports) or to Bolt
//       (app.action / view / command / event / shortcut / options / message);
//     - a value of a feature's `subcommands: { … }`.
//     When the handler is written inline, the listener is the whole call, from its first line to
//     its last. When it is a name (`handler`, `handler("x")`, `meetingsCommand`), the listener is
//     that name's declaration in the same file, measured the same way.
//     NOT_YET_CONVERTED lists today's longer ones; the list can only shrink: an entry that is no
//     longer over the limit (or no longer exists) fails the test until it is removed.
//
// (b) src/slack reaches src/data only through services: not checked here, because
//     .dependency-cruiser.cjs already enforces it ("entry-points-reach-data-through-services" and
//     "only-composition-roots-open-the-database": nothing but type-only imports of
//     src/data/database.ts) and `npm run lint` runs it. One rule, one place.
//
// (c) Words live in catalogues:
//     - every catalogue (a `*texts.ts` file under src/, or a module of src/i18n/) exporting an
//       object with `en` and `es` has the same keys in both, at every depth (a function must be a
//       function in both; arrays must have the same length);
//     - no sentence is written outside them in the listeners and views (every file of
//       src/slack/features/**, src/slack/listeners/** and src/slack/kit/** but the *texts.ts). A string literal, or a fixed part of a template literal, is a sentence
//       when it has a space and at least three words of letters and either starts with a capital
//       (after an optional ¿ or ¡) or ends with . ? ! or …. Not looked at: comments, imports and
//       exports, types, log calls (logger.*, console.*, *.log), errors (`new …Error(…)`), object keys.
//       SENTENCES_NOT_YET_MOVED lists today's offenders (file and the sentence's start), shrink-only
//       like NOT_YET_CONVERTED.

const ROOT = join(import.meta.dirname, "../..");
const MAX_LISTENER_LINES = 40;

/** Listeners over MAX_LISTENER_LINES today, as `file » name` (see listenerName). Remove, never add. */
const NOT_YET_CONVERTED: readonly string[] = [];

/** Sentences outside the catalogues today, as `file » sentence start`. Remove, never add. */
const SENTENCES_NOT_YET_MOVED: readonly string[] = [];

// ---------------------------------------------------------------------------------------------
// Reading the sources

function filesUnder(dir: string, accept: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(path, accept));
    else if (accept(path)) out.push(path);
  }
  return out.sort();
}

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (!source) {
    source = ts.createSourceFile(file, readFileSync(join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
    parsed.set(file, source);
  }
  return source;
}

const lineOf = (source: ts.SourceFile, pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
const linesOf = (node: ts.Node) => {
  const source = node.getSourceFile();
  return lineOf(source, node.getEnd()) - lineOf(source, node.getStart()) + 1;
};

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

const isTs = (path: string) => path.endsWith(".ts") && !path.endsWith(".d.ts");

// ---------------------------------------------------------------------------------------------
// (a) Listeners

// Every function listen.ts exports that registers a listener (on…) or makes a /cx handler, read
// from the file so that a new kit function is measured without touching this test.
const KIT_LISTENERS = new Set(
  [
    ...readFileSync(join(ROOT, "src/slack/kit/listen.ts"), "utf8").matchAll(
      /^export function (on\w+|subcommand)\(/gm,
    ),
  ].map((m) => m[1] as string),
);
const BOLT_LISTENERS = new Set(["action", "view", "command", "event", "shortcut", "options", "message"]);

interface Listener {
  file: string;
  line: number;
  lines: number;
  /** Stable across edits: what it listens to, or the name it is declared under. */
  name: string;
}

/** The names a file imports from the listener kit (src/slack/kit/listen.ts). */
function kitImports(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!/(^|\/)kit\/listen\.js$|^\.\/listen\.js$/.test(statement.moduleSpecifier.text)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const e of bindings.elements) {
        const imported = (e.propertyName ?? e.name).text;
        if (KIT_LISTENERS.has(imported)) names.add(e.name.text);
      }
    }
  }
  return names;
}

/** `onView` for a kit call, `app.view` for a Bolt call, else null. */
function listenerCallee(call: ts.CallExpression, kit: Set<string>): string | null {
  const callee = call.expression;
  if (ts.isIdentifier(callee) && kit.has(callee.text)) return callee.text;
  if (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === "app" &&
    BOLT_LISTENERS.has(callee.name.text)
  ) {
    return `app.${callee.name.text}`;
  }
  return null;
}

const isFunction = (node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression =>
  ts.isArrowFunction(node) || ts.isFunctionExpression(node);

/** The top-level declaration of `name` in the file (function or const), if any. */
function declarationOf(source: ts.SourceFile, name: string): ts.Node | undefined {
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return statement;
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === name) return statement;
      }
    }
  }
  return undefined;
}

/** The name a handler expression refers to: `handler`, `handler("x")`, `deps.x` → null. */
function referencedName(node: ts.Expression): string | null {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) return node.expression.text;
  return null;
}

/** The name of the variable or function a node sits in (for a `subcommand(...)` call). */
function enclosingName(node: ts.Node): string {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) return n.name.text;
    if (ts.isFunctionDeclaration(n) && n.name) return n.name.text;
    if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name)) return n.name.text;
  }
  return "?";
}

function listenersIn(file: string): Listener[] {
  const source = parse(file);
  const kit = kitImports(source);
  const found = new Map<ts.Node, string>();
  const byName = (name: string | null, label: string) => {
    if (!name) return;
    const declaration = declarationOf(source, name);
    // A declaration that is itself a listener call (`const won = subcommand(…)`) is counted there.
    if (!declaration || found.has(declaration) || isListenerDeclaration(declaration, kit)) return;
    found.set(declaration, `${label} → ${name}`);
  };
  walk(source, (node) => {
    if (ts.isCallExpression(node)) {
      const callee = listenerCallee(node, kit);
      if (!callee) return;
      const handlers = node.arguments.filter(isFunction);
      if (handlers.length > 0) {
        found.set(node, callName(node, callee));
      } else {
        for (const arg of node.arguments) byName(referencedName(arg), callName(node, callee));
      }
    } else if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === "subcommands" &&
      ts.isObjectLiteralExpression(node.initializer)
    ) {
      for (const p of node.initializer.properties) {
        if (ts.isPropertyAssignment(p)) byName(referencedName(p.initializer), "subcommands");
        else if (ts.isShorthandPropertyAssignment(p)) byName(p.name.text, "subcommands");
      }
    }
  });
  return [...found].map(([node, name]) => ({
    file,
    line: lineOf(source, node.getStart()),
    lines: linesOf(node),
    name,
  }));
}

function isListenerDeclaration(declaration: ts.Node, kit: Set<string>): boolean {
  if (!ts.isVariableStatement(declaration)) return false;
  return declaration.declarationList.declarations.some((d) => {
    let init = d.initializer;
    // `const x = (word) => subcommand(…)` is a factory of listeners: the call inside is measured.
    while (init && isFunction(init) && !ts.isBlock(init.body)) init = init.body;
    return init !== undefined && ts.isCallExpression(init) && listenerCallee(init, kit) !== null;
  });
}

/** `app.view(FOLLOW_UP.modal)`, `onView(LEDGER.modal)`, `subcommand in openModal`. */
function callName(call: ts.CallExpression, callee: string): string {
  if (callee === "subcommand") return `subcommand in ${enclosingName(call)}`;
  // What it listens to: the first argument that is not app, deps or the handler (for the kit,
  // the id comes before the guard object).
  const id = call.arguments.find(
    (a) => !isFunction(a) && !(ts.isIdentifier(a) && (a.text === "app" || a.text === "deps")),
  );
  return `${callee}(${id ? id.getText().replace(/\s+/g, " ") : ""})`;
}

const listeners = filesUnder("src/slack", isTs).flatMap(listenersIn);
const key = (l: Listener) => `${l.file} » ${l.name}`;

describe("Slack listeners", () => {
  it("are found (the scan sees the listeners there are)", () => {
    expect(listeners.length).toBeGreaterThan(20);
    expect(listeners.map(key)).toContain('src/slack/listeners/cx-command.ts » onCommand("/cx")');
  });

  it(`are at most ${MAX_LISTENER_LINES} lines each (or on NOT_YET_CONVERTED)`, () => {
    const allowed = new Set(NOT_YET_CONVERTED);
    const tooLong = listeners
      .filter((l) => l.lines > MAX_LISTENER_LINES && !allowed.has(key(l)))
      .map((l) => `${l.file}:${l.line} (${l.lines} lines) ${JSON.stringify(l.name)}`);
    expect(tooLong, "move the work into services and pure builders").toEqual([]);
  });

  it("NOT_YET_CONVERTED only lists listeners still over the limit (remove the others)", () => {
    const stillLong = new Set(listeners.filter((l) => l.lines > MAX_LISTENER_LINES).map(key));
    const stale = NOT_YET_CONVERTED.filter((entry) => !stillLong.has(entry));
    expect(stale, "remove these from NOT_YET_CONVERTED in test/unit/architecture.test.ts").toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// (c) Words: catalogues

const catalogueFiles = [
  ...filesUnder("src", (p) => isTs(p) && /texts\.ts$/.test(p)),
  ...filesUnder("src/i18n", isTs),
].filter((file, i, all) => all.indexOf(file) === i);

type Shape = "function" | "string" | "number" | "boolean" | "other" | { [key: string]: Shape } | Shape[];

function shapeOf(value: unknown): Shape {
  if (typeof value === "function") return "function";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return typeof value as "string" | "number" | "boolean";
  }
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shapeOf((value as Record<string, unknown>)[k])]),
    );
  }
  return "other";
}

/** Paths where two shapes differ: `a.b: en has it, es does not`, `c: function vs string`. */
function differences(en: Shape, es: Shape, path = ""): string[] {
  if (typeof en === "string" || typeof es === "string") {
    return en === es ? [] : [`${path || "(root)"}: en ${describeShape(en)}, es ${describeShape(es)}`];
  }
  if (Array.isArray(en) !== Array.isArray(es)) {
    return [`${path}: en ${describeShape(en)}, es ${describeShape(es)}`];
  }
  if (Array.isArray(en) && Array.isArray(es)) {
    if (en.length !== es.length) return [`${path}: en has ${en.length} items, es ${es.length}`];
    return en.flatMap((item, i) => differences(item, es[i] as Shape, `${path}[${i}]`));
  }
  const a = en as Record<string, Shape>;
  const b = es as Record<string, Shape>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => {
    const at = path ? `${path}.${k}` : k;
    if (!(k in b)) return [`${at}: only in en`];
    if (!(k in a)) return [`${at}: only in es`];
    return differences(a[k] as Shape, b[k] as Shape, at);
  });
}

const describeShape = (s: Shape) =>
  typeof s === "string" ? `a ${s}` : Array.isArray(s) ? "an array" : "an object";

describe("text catalogues", () => {
  it("are found", () => {
    expect(catalogueFiles).toContain("src/slack/kit/common-texts.ts");
    expect(catalogueFiles).toContain("src/i18n/messages.ts");
  });

  it("are compared at every depth (the comparison itself)", () => {
    const en = { a: { b: "x", f: () => "", list: ["1", "2"] }, gone: "x" };
    const es = { a: { b: "y", f: "z", c: 1, list: ["1"] } };
    expect(differences(shapeOf(en), shapeOf(es))).toEqual([
      "a.c: only in es",
      "a.f: en a function, es a string",
      "a.list: en has 2 items, es 1",
      "gone: only in en",
    ]);
  });

  it("have the same keys in English and Spanish, at every depth", async () => {
    const problems: string[] = [];
    let catalogues = 0;
    for (const file of catalogueFiles) {
      const module = (await import(join(ROOT, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (!value || typeof value !== "object" || !("en" in value) || !("es" in value)) continue;
        catalogues++;
        const { en, es } = value as { en: unknown; es: unknown };
        for (const d of differences(shapeOf(en), shapeOf(es))) problems.push(`${file} ${name}.${d}`);
      }
    }
    expect(catalogues).toBeGreaterThanOrEqual(catalogueFiles.length);
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// (c) Words: no sentences outside the catalogues

const WORD = /\p{L}+(?:['’]\p{L}+)*/gu;

/** The heuristic described at the top of this file. */
function looksLikeSentence(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.includes(" ")) return false;
  if ((trimmed.match(WORD) ?? []).length < 3) return false;
  return /^[¿¡]?\p{Lu}/u.test(trimmed) || /[.?!…]$/.test(trimmed);
}

/** Log calls and errors, whose words are for operators, not for the people in Slack. */
function isIgnoredCall(node: ts.Node): boolean {
  if (ts.isNewExpression(node)) {
    return ts.isIdentifier(node.expression) && /Error$/.test(node.expression.text);
  }
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const target = callee.expression;
  const name = ts.isIdentifier(target)
    ? target.text
    : ts.isPropertyAccessExpression(target)
      ? target.name.text
      : "";
  return name === "logger" || name === "console" || callee.name.text === "log";
}

function isIgnoredPlace(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isTypeNode(n)) return true;
    if (isIgnoredCall(n)) return true;
    if (ts.isPropertyAssignment(n) && n.name === node) return true;
  }
  return false;
}

interface Sentence {
  file: string;
  line: number;
  text: string;
}

function sentencesIn(file: string): Sentence[] {
  const source = parse(file);
  const out: Sentence[] = [];
  const check = (node: ts.Node, text: string) => {
    if (looksLikeSentence(text) && !isIgnoredPlace(node)) {
      out.push({ file, line: lineOf(source, node.getStart()), text: text.trim() });
    }
  };
  walk(source, (node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) check(node, node.text);
    else if (ts.isTemplateExpression(node)) {
      check(node, node.head.text);
      for (const span of node.templateSpans) check(node, span.literal.text);
    }
  });
  return out;
}

// listeners/errors.ts sorts what reached app.error into log lines for operators (English only,
// never shown in Slack), so it is not scanned.
const NOT_USER_FACING = new Set(["src/slack/listeners/errors.ts"]);
const sentenceFiles = ["src/slack/features", "src/slack/listeners", "src/slack/kit"].flatMap((dir) =>
  filesUnder(dir, (p) => isTs(p) && !p.endsWith("texts.ts") && !NOT_USER_FACING.has(p)),
);
const sentences = sentenceFiles.flatMap(sentencesIn);
/** The allow-list entry of a sentence: its file and its first 40 characters. */
const sentenceKey = (s: Sentence) => `${s.file} » ${s.text.slice(0, 40)}`;

describe("sentences in the Slack listeners and views", () => {
  it("the heuristic tells sentences from ids", () => {
    expect(looksLikeSentence("Something went wrong.")).toBe(true);
    expect(looksLikeSentence("¿Qué tal fue la reunión?")).toBe(true);
    expect(looksLikeSentence("Customers gained and lost")).toBe(true);
    expect(looksLikeSentence("ledger_modal")).toBe(false);
    expect(looksLikeSentence("plain_text")).toBe(false);
    expect(looksLikeSentence("Save")).toBe(false);
    expect(looksLikeSentence("a b")).toBe(false);
    expect(looksLikeSentence("won lost gained")).toBe(false);
  });

  it("are only written in the catalogues (texts.ts), or on SENTENCES_NOT_YET_MOVED", () => {
    const allowed = new Set(SENTENCES_NOT_YET_MOVED);
    const stray = sentences
      .filter((s) => !allowed.has(sentenceKey(s)))
      .map((s) => `${s.file}:${s.line} ${JSON.stringify(s.text)}`);
    expect(stray, "move these to the feature's texts.ts (en and es)").toEqual([]);
  });

  it("SENTENCES_NOT_YET_MOVED only lists sentences still there (remove the others)", () => {
    const present = new Set(sentences.map(sentenceKey));
    const stale = SENTENCES_NOT_YET_MOVED.filter((entry) => !present.has(entry));
    expect(stale, "remove these from SENTENCES_NOT_YET_MOVED in test/unit/architecture.test.ts").toEqual([]);
  });
});
