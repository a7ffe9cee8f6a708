import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hashPackFiles, loadPackDir, locateJsonError, PackInvalidError, parseJsonText, readPackDir } from '@app/sop';
import { FIXTURE_PACKS, miniFiles } from './testing';

describe('readPackDir', () => {
  it('reads the top-level files and the listed forms under forms/', async () => {
    const files = await readPackDir(path.join(FIXTURE_PACKS, 'mini'));
    expect(Object.keys(files)).toEqual([
      'deadlines.json',
      'demo-users.json',
      'forms/assessment.v1.json',
      'forms/closure.v1.json',
      'forms/registration.v1.json',
      'locations.json',
      'option-lists.json',
      'organisations.json',
      'pack.json',
      'roles.json',
      'workflow.json',
    ]);
  });

  it('names the file, line, column and reason of malformed JSON', async () => {
    const e = await readPackDir(path.join(FIXTURE_PACKS, 'broken-json')).catch((x) => x);
    expect(e).toBeInstanceOf(PackInvalidError);
    expect(e.issues).toEqual([expect.objectContaining({ file: 'pack.json', path: '$', code: 'malformed_json', severity: 'error' })]);
    expect(e.issues[0].message).toMatch(/^malformed JSON at line 4, column 3: .*missing comma/);
  });

  it('reads forms from formsDir relative to the pack, keyed forms/<id>.v<n>.json', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-'));
    const packDir = path.join(tmp, 'sops', 'x');
    fs.mkdirSync(path.join(tmp, 'shared-forms'), { recursive: true });
    fs.mkdirSync(packDir, { recursive: true });
    const files = await miniFiles();
    for (const [name, content] of Object.entries(files)) {
      const target = name.startsWith('forms/') ? path.join(tmp, 'shared-forms', name.slice(6)) : path.join(packDir, name);
      const value = name === 'pack.json' ? { ...(content as any), formsDir: '../../shared-forms' } : content;
      fs.writeFileSync(target, JSON.stringify(value, null, 2));
    }
    fs.writeFileSync(path.join(tmp, 'shared-forms', 'unlisted.v1.json'), '{ not read');
    const pack = await loadPackDir(packDir);
    expect(pack.forms.map((f) => f.id).sort()).toEqual(['assessment', 'closure', 'registration']);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads templates/ as text, keyed by relative path, skipping hidden files', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-'));
    const files = await miniFiles();
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
      fs.writeFileSync(path.join(tmp, name), JSON.stringify(content, null, 2));
    }
    fs.mkdirSync(path.join(tmp, 'templates', 'deadline_reminder'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'templates', 'odd', 'nested'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'templates', 'deadline_reminder', 'en.subject.hbs'), '\ufeffDue: {{case.number}}');
    fs.writeFileSync(path.join(tmp, 'templates', 'deadline_reminder', 'en.text.hbs'), 'Line 1\r\nLine 2\r\n');
    fs.writeFileSync(path.join(tmp, 'templates', 'deadline_reminder', '.en.text.hbs.swp'), 'x');
    fs.writeFileSync(path.join(tmp, 'templates', 'odd', 'nested', 'x.hbs'), 'x');
    const read = await readPackDir(tmp);
    expect(Object.keys(read).filter((k) => k.startsWith('templates/'))).toEqual([
      'templates/deadline_reminder/en.subject.hbs',
      'templates/deadline_reminder/en.text.hbs',
      'templates/odd/nested/x.hbs',
    ]);
    expect(read['templates/deadline_reminder/en.subject.hbs']).toBe('Due: {{case.number}}');
    expect(read['templates/deadline_reminder/en.text.hbs']).toBe('Line 1\nLine 2\n');
    fs.rmSync(path.join(tmp, 'templates', 'odd'), { recursive: true });
    const pack = await loadPackDir(tmp);
    expect(pack.notifications.templates.deadline_reminder.locales.en.text).toBe('Line 1\nLine 2\n');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('rejects a directory that does not exist', async () => {
    const e = await readPackDir(path.join(FIXTURE_PACKS, 'nope')).catch((x) => x);
    expect(e).toBeInstanceOf(PackInvalidError);
    expect(e.issues[0].code).toBe('pack_dir_not_found');
  });
});

describe('parseJsonText', () => {
  it.each([
    ['{"a": 1,}', 1, 9, /trailing comma/],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, /missing comma/],
    ['[1, 2', 1, 6, /end of file/],
    ['{"a": "x\ny"}', 1, 9, /control character/],
    ['{"a": 1} x', 1, 10, /after the end/],
  ])('locates errors in %j', (text, line, column, reason) => {
    const r = parseJsonText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect([r.line, r.column]).toEqual([line, column]);
      expect(r.reason).toMatch(reason);
    }
  });

  it('accepts valid JSON with a BOM', () => {
    expect(parseJsonText('\ufeff{"a":[1,2,{"b":null}]}')).toEqual({ ok: true, value: { a: [1, 2, { b: null }] } });
    expect(locateJsonError('{"a":"\\u00e9"}')).toBeNull();
  });
});

describe('hashPackFiles', () => {
  it('is stable regardless of key order and changes with content', async () => {
    const a = await miniFiles();
    const b = await miniFiles((f) => {
      const p = f['pack.json'];
      f['pack.json'] = Object.fromEntries(Object.entries(p).reverse());
    });
    expect(hashPackFiles(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashPackFiles(b)).toBe(hashPackFiles(a));
    const c = await miniFiles((f) => (f['pack.json'].name.en = 'Other'));
    expect(hashPackFiles(c)).not.toBe(hashPackFiles(a));
  });
});
