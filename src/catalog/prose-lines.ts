/**
 * The lines of a Markdown body that are prose, for the readers that look for links and `[[…]]`
 * references in it line by line: fenced code blocks are skipped, and inline code is blanked out (kept as
 * spaces, so columns stay those of the file).
 */
export interface ProseLine {
  /** The line's text with inline code replaced by spaces. */
  readonly text: string;
  /** 1-based line in the body. */
  readonly line: number;
}

export function proseLines(body: string, options: { skipIndentedCode?: boolean } = {}): ProseLine[] {
  const out: ProseLine[] = [];
  let fence: string | undefined;
  body.split('\n').forEach((text, i) => {
    const f = /^\s*(```+|~~~+)/.exec(text);
    if (f) {
      if (!fence) fence = f[1][0];
      else if (f[1][0] === fence) fence = undefined;
      return;
    }
    if (fence || (options.skipIndentedCode && /^( {4}|\t)/.test(text))) return;
    out.push({ text: text.replace(/(`+)[\s\S]*?\1/g, (m) => ' '.repeat(m.length)), line: i + 1 });
  });
  return out;
}
