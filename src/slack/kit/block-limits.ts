// Slack refuses a whole message when one limit is exceeded (invalid_blocks), so messages built
// from data of any size are fitted before posting: no more than 50 blocks a message, no more than
// 3 000 characters in a section's text. Pure.

type Block = Record<string, unknown>;

export const MAX_BLOCKS_PER_MESSAGE = 50;
export const MAX_SECTION_TEXT = 3000;

interface SectionText {
  type: string;
  text: string;
}

function sectionText(block: Block): SectionText | null {
  if (block.type !== "section") return null;
  const text = block.text as Partial<SectionText> | undefined;
  return text && typeof text.text === "string" && typeof text.type === "string"
    ? { type: text.type, text: text.text }
    : null;
}

/** Cuts `text` into pieces of at most `max` characters, at line breaks where possible. */
export function splitText(text: string, max = MAX_SECTION_TEXT): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = rest.lastIndexOf("\n", max);
    const at = cut > 0 ? cut : max;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(cut > 0 ? at + 1 : at);
  }
  pieces.push(rest);
  return pieces;
}

/** A section longer than Slack allows becomes several sections; the accessory stays on the first. */
export function splitLongSections(blocks: Block[], max = MAX_SECTION_TEXT): Block[] {
  return blocks.flatMap((block) => {
    const text = sectionText(block);
    if (!text || text.text.length <= max) return [block];
    return splitText(text.text, max).map((piece, i) => {
      const { accessory, ...rest } = block;
      return { ...rest, ...(i === 0 && accessory ? { accessory } : {}), text: { ...text, text: piece } };
    });
  });
}

/** The blocks as messages of at most 50 blocks each, long sections split first. */
export function fitBlocks(blocks: Block[], max = MAX_BLOCKS_PER_MESSAGE): Block[][] {
  const fitted = splitLongSections(blocks);
  const messages: Block[][] = [];
  for (let i = 0; i < fitted.length; i += max) messages.push(fitted.slice(i, i + max));
  return messages.length ? messages : [[]];
}
