import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');

/** Documents that live outside the repository: a comment naming one sends the reader nowhere. */
const OUTSIDE = /DESIGN\.md|REDSHIFT\.md|\.\.\/shared\b/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every comment of a TypeScript source, found by the compiler's parser (so strings and imports are not comments). */
function commentsOf(text: string): string[] {
  const source = ts.createSourceFile('file.ts', text, ts.ScriptTarget.Latest, true);
  const found = new Map<number, string>();
  const collect = (ranges: readonly ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) found.set(range.pos, text.slice(range.pos, range.end));
  };
  const visit = (node: ts.Node) => {
    collect(ts.getLeadingCommentRanges(text, node.getFullStart()));
    collect(ts.getTrailingCommentRanges(text, node.getEnd()));
    ts.forEachChild(node, visit);
  };
  visit(source);
  collect(ts.getLeadingCommentRanges(text, source.endOfFileToken.getFullStart()));
  return [...found.entries()].sort(([a], [b]) => a - b).map(([, comment]) => comment);
}

describe('comments in src/', () => {
  it('finds comments of every kind and leaves imports and strings alone', () => {
    const text = [
      "import { reply } from '../shared/reply';",
      '/** Leading (DESIGN.md). */',
      "const a = 'REDSHIFT.md'; // trailing, see ../shared/notes",
      'const b = `${a} // not a comment`;',
      '/* last */',
    ].join('\n');
    expect(commentsOf(text)).toEqual(['/** Leading (DESIGN.md). */', '// trailing, see ../shared/notes', '/* last */']);
    expect(commentsOf(text).filter((c) => OUTSIDE.test(c))).toHaveLength(2);
  });

  it('point at no document outside the repository', () => {
    const files = tsFiles(join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) =>
      commentsOf(readFileSync(file, 'utf8'))
        .filter((comment) => OUTSIDE.test(comment))
        .map(
          (comment) =>
            `${relative(ROOT, file)}: ${comment
              .split('\n')
              .find((line) => OUTSIDE.test(line))
              ?.trim()}`,
        ),
    );
    expect(offenders).toEqual([]);
  });
});
