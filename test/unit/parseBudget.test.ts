import * as assert from 'node:assert/strict';
import { lintText } from '../../src/core/lint';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { NoteTooComplexError, parseNote, REMARK_MAX_CHARS, REMARK_MAX_INLINE_OPENERS } from '../../src/core/parse/index';
import { remarkBudgetProblem } from '../../src/core/parse/budget';
import { scanNote } from '../../src/core/parse/scanner';

// A link reference definition and a tab after a list marker make the scanner hand the note to remark; what
// follows decides whether remark may take it. The first test checks that the scanner still declines this opening.
const QUOTE = '[brief]: https://example.com/brief\n\n-\tSee the brief.\n\n## Risks\n\n';

describe('reference parser budget', function () {
  this.timeout(60_000);

  it('uses an opening the scanner declines, so these notes really reach the guard', () => {
    assert.equal(scanNote(QUOTE + '- x\n'), null);
  });

  it('refuses, at once and with the line, a paragraph dense with inline openers that remark would take minutes on', () => {
    const text = QUOTE + '- ' + '*_['.repeat(20000) + '\n';
    const started = Date.now();
    assert.throws(() => parseNote(text), (e: unknown) => {
      assert.ok(e instanceof NoteTooComplexError);
      assert.match(e.message, /paragraph at line 7/);
      return true;
    });
    assert.ok(Date.now() - started < 2000, 'the guard itself is linear');
  });

  it('refuses a note the scanner declines when it is larger than the full parser limit', () => {
    const text = QUOTE + ('Plain words of a long discussion. '.repeat(40) + '\n\n').repeat(Math.ceil(REMARK_MAX_CHARS / 1400) + 10);
    assert.ok(text.length > REMARK_MAX_CHARS);
    assert.throws(() => parseNote(text), /larger than the full parser's limit/);
  });

  it('lets real notes through: long tight lists and tables with bold IDs and links count per item and row', () => {
    const items = Array.from({ length: 400 }, (_, i) => `- [ ] **R-${i + 1}** [Vendor](https://example.com/${i}) API _limits_ <b>x</b>`).join('\n');
    const rows = Array.from({ length: 400 }, (_, i) => `| **R-${i + 1}** | [Doc](https://example.com) | _high_ | <i>x</i> |`).join('\n');
    const text = `${QUOTE}${items}\n\n| ID | Ref | Impact | Note |\n| --- | --- | --- | --- |\n${rows}\n`;
    assert.equal(remarkBudgetProblem(text), null);
    const note = parseNote(text);
    assert.equal(note.parser, 'remark');
    assert.equal(note.sections[0].items.length, 400);
  });

  it('counts openers per paragraph, so the limit is about one block, not the note', () => {
    const para = '[x '.repeat(REMARK_MAX_INLINE_OPENERS - 1);
    const text = QUOTE + Array.from({ length: 20 }, () => para).join('\n\n') + '\n';
    assert.equal(remarkBudgetProblem(text), null);
    assert.match(remarkBudgetProblem(QUOTE + para + '[[\n') ?? '', /more than 600/);
  });

  it('reaches lintText callers as the error, which the CLI and the index report as the skip reason', () => {
    assert.throws(() => lintText('a/b/c.discovery.md', QUOTE + '- ' + '<['.repeat(1000), DEFAULT_CONFIG, '2026-11-22'), NoteTooComplexError);
  });
});
