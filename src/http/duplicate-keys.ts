// JSON.parse keeps the last of two equal keys without a word, so {"type":"gained","type":"lost"}
// would be stored as whatever the last one says while the sender (or a proxy that read the first)
// believes otherwise. The API refuses such a body instead; this finds the first repeated key.

type Frame = { kind: "object"; keys: Set<string>; key: string } | { kind: "array"; index: number };

/** The path of the first key named twice in one object of `text` (valid JSON), or null. */
export function findDuplicateKey(text: string): Array<string | number> | null {
  const stack: Frame[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const top = stack.at(-1);
      let after = end + 1;
      while (after < text.length && /\s/.test(text[after] as string)) after++;
      if (top?.kind === "object" && text[after] === ":") {
        // Decoded, so "typ\u0065" and "type" are the same key.
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) {
          return [...stack.slice(0, -1).map((f) => (f.kind === "object" ? f.key : f.index)), key];
        }
        top.keys.add(key);
        top.key = key;
      }
      i = end + 1;
      continue;
    }
    if (c === "{") stack.push({ kind: "object", keys: new Set(), key: "" });
    else if (c === "[") stack.push({ kind: "array", index: 0 });
    else if (c === "}" || c === "]") stack.pop();
    else if (c === ",") {
      const top = stack.at(-1);
      if (top?.kind === "array") top.index++;
    }
    i++;
  }
  return null;
}
