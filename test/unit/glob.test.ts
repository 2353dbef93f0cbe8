import * as assert from 'node:assert/strict';
import { compileGlob, globBase, hasGlobMagic, GlobError, MAX_GLOB_LENGTH } from '../../src/core/glob';

function check(glob: string, yes: string[], no: string[]): void {
  const match = compileGlob(glob);
  for (const p of yes) assert.equal(match(p), true, `${glob} should match ${p}`);
  for (const p of no) assert.equal(match(p), false, `${glob} should not match ${p}`);
}

describe('glob', () => {
  it('matches literal paths exactly', () => {
    check('notes/acme.discovery.md', ['notes/acme.discovery.md', './notes/acme.discovery.md'], [
      'notes/acme.discovery.mdx',
      'x/notes/acme.discovery.md',
      'notes/acmeXdiscovery.md',
    ]);
  });

  it('keeps * and ? inside one segment', () => {
    check('*.discovery.md', ['a.discovery.md', '.discovery.md'], ['dir/a.discovery.md', 'a.discovery.mdx']);
    check('acme/?.md', ['acme/a.md'], ['acme/ab.md', 'acme/.md', 'acme//.md']);
    check('a*b*c', ['abc', 'aXbYc', 'abbbc'], ['aXb/c', 'ab']);
  });

  it('treats ** as zero or more whole segments', () => {
    check('**/*.discovery.md', ['a.discovery.md', 'x/a.discovery.md', 'x/y/z/a.discovery.md'], ['a.md', 'x/a.discovery.md/']);
    check('clients/**/risks.md', ['clients/risks.md', 'clients/acme/risks.md', 'clients/a/b/risks.md'], [
      'clients/acmerisks.md',
      'other/clients/risks.md',
    ]);
    check('archive/**', ['archive/a.md', 'archive/x/y.md', 'archive/'], ['archive', 'archived/a.md']);
    check('**', ['a', 'a/b/c'], []);
  });

  it('treats ** inside a segment like *', () => {
    check('a**b', ['ab', 'aXXb'], ['a/b']);
  });

  it('expands braces, nested ones too', () => {
    check('{acme,globex}/*.md', ['acme/x.md', 'globex/y.md'], ['initech/x.md', '{acme,globex}/x.md']);
    check('x.{md,{yml,yaml}}', ['x.md', 'x.yml', 'x.yaml'], ['x.txt']);
    check('{a}', ['{a}'], ['a']);
    check('{a,b', ['{a,b'], ['a']);
  });

  it('supports classes, ranges and negation', () => {
    check('r[0-9].md', ['r1.md', 'r9.md'], ['ra.md', 'r10.md']);
    check('r[!0-9].md', ['ra.md'], ['r1.md', 'r/.md']);
    check('r[^ab].md', ['rc.md'], ['ra.md']);
    check('[]x].md', ['].md', 'x.md'], ['y.md', ']].md']);
    check('a[/]b', ['a[/]b'], ['a/b']);
    check('[abc', ['[abc'], ['a']);
  });

  it('honours escapes and never treats text as a regular expression', () => {
    check('a\\*b', ['a*b'], ['axb']);
    check('(a|b).md', ['(a|b).md'], ['a.md']);
    check('a.b+c$', ['a.b+c$'], ['aXb+c$', 'a.bbc$']);
    check('^x', ['^x'], ['x']);
  });

  it('can ignore case', () => {
    const m = compileGlob('Clients/*.MD', { nocase: true });
    assert.equal(m('clients/acme.md'), true);
    assert.equal(compileGlob('Clients/*.MD')('clients/acme.md'), false);
    assert.equal(compileGlob('[A-C]x', { nocase: true })('bx'), true);
  });

  it('rejects empty, over-long and exploding globs', () => {
    assert.throws(() => compileGlob(''), GlobError);
    assert.throws(() => compileGlob('   '), GlobError);
    assert.throws(() => compileGlob('a'.repeat(MAX_GLOB_LENGTH + 1)), GlobError);
    assert.throws(() => compileGlob('{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}'), /alternatives/);
    let nested = 'a';
    for (let i = 0; i < 12; i++) nested = `{x,${nested}}`;
    assert.throws(() => compileGlob(nested), /nest/);
    assert.equal(compileGlob('{x,{y,{z,a}}}')('a'), true);
    assert.throws(() => compileGlob('abc\\'), /backslash/);
  });

  it('stays fast on patterns that make backtracking engines explode', () => {
    const match = compileGlob('*a*a*a*a*a*a*a*a*a*a*a*a*b');
    const path = 'a'.repeat(900);
    const started = Date.now();
    assert.equal(match(path), false);
    assert.ok(Date.now() - started < 500, 'matching must stay linear in the path');
  });

  it('finds the static base and magic', () => {
    assert.equal(globBase('clients/acme/**/*.md'), 'clients/acme');
    assert.equal(globBase('./clients/*.md'), 'clients');
    assert.equal(globBase('**/*.md'), '');
    assert.equal(globBase('a/b.md'), 'a');
    assert.equal(globBase('a/{b,c}/d.md'), 'a');
    assert.equal(hasGlobMagic('a/b.md'), false);
    assert.equal(hasGlobMagic('a/\\*.md'), false);
    assert.equal(hasGlobMagic('a/[x].md'), true);
  });
});
