import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The README's Layout section is what a newcomer reads first; this keeps it from going stale:
// every folder of src/ (and of the repository's top level) is listed, and every path listed exists.

const root = join(import.meta.dirname, "../..");

function layoutBlock(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.split(/^## Layout$/m)[1];
  if (!section) throw new Error("README.md has no '## Layout' section");
  const block = /```\n([\s\S]*?)```/.exec(section);
  if (!block?.[1]) throw new Error("README.md's Layout section has no code block");
  return block[1];
}

/** The paths each line of the block starts with (continuation lines start with spaces). */
function listedPaths(block: string): string[] {
  return block
    .split("\n")
    .filter((line) => /^\S/.test(line))
    .map((line) => line.split(/\s+/)[0] ?? "")
    .filter(Boolean);
}

const folders = (dir: string) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules")
    .map((e) => `${dir ? `${dir}/` : ""}${e.name}/`);

describe("README Layout section", () => {
  const listed = listedPaths(layoutBlock());

  it("lists every folder of src/", () => {
    const missing = folders("src").filter((f) => !listed.includes(f));
    expect(missing, "add these to README.md's Layout section").toEqual([]);
  });

  it("lists every top-level folder of the repository", () => {
    const topLevel = folders("").filter((f) => !["src/", "out/", "data/", "scratch/"].includes(f));
    const missing = topLevel.filter((f) => !listed.includes(f));
    expect(missing, "add these to README.md's Layout section").toEqual([]);
  });

  it("lists only paths that exist (src/generated/ appears after install)", () => {
    const absent = listed.filter((p) => p !== "src/generated/" && !existsSync(join(root, p)));
    expect(absent, "remove or correct these in README.md's Layout section").toEqual([]);
  });
});
