import { applyPatch, PatchRefused, readOperations, type PatchOperation } from './json-patch';

/** JSON Patch (RFC 6902) on a draft's files map: all operations or none, each refusal naming its operation and path. */
describe('applyPatch', () => {
  const files = () => ({
    'workflow.json': { steps: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], transitions: [] as unknown[] },
    'forms/intake.v1.json': { id: 'intake', schema: { properties: { name: { type: 'string' } }, required: ['name'] } },
    'templates/x/en.text.hbs': 'Hello',
  });
  const refusal = (ops: PatchOperation[]) => {
    try {
      applyPatch(files(), ops);
    } catch (e) {
      if (e instanceof PatchRefused) return e.problem;
      throw e;
    }
    throw new Error('the patch was applied');
  };

  it('adds, replaces and removes members, in files named by the first segment (with ~1 for a slash)', () => {
    const { files: out, touched } = applyPatch(files(), [
      { op: 'add', path: '/forms~1intake.v1.json/schema/properties/age', value: { type: 'integer' } },
      { op: 'replace', path: '/templates~1x~1en.text.hbs', value: 'Bonjour' },
      { op: 'remove', path: '/forms~1intake.v1.json/schema/required' },
    ]);
    expect(out['forms/intake.v1.json']).toEqual({ id: 'intake', schema: { properties: { name: { type: 'string' }, age: { type: 'integer' } } } });
    expect(out['templates/x/en.text.hbs']).toBe('Bonjour');
    expect(touched).toEqual(['/forms~1intake.v1.json/schema/properties/age', '/templates~1x~1en.text.hbs', '/forms~1intake.v1.json/schema/required']);
  });

  it('inserts into and removes from arrays by index or "-", and counts the whole array as touched (later items move)', () => {
    const { files: out, touched } = applyPatch(files(), [
      { op: 'add', path: '/workflow.json/steps/1', value: { id: 'new' } },
      { op: 'add', path: '/workflow.json/steps/-', value: { id: 'last' } },
      { op: 'remove', path: '/workflow.json/steps/0' },
      { op: 'replace', path: '/workflow.json/steps/0/id', value: 'renamed' },
    ]);
    expect((out['workflow.json'] as any).steps.map((s: any) => s.id)).toEqual(['renamed', 'b', 'c', 'last']);
    expect(touched).toEqual(['/workflow.json/steps', '/workflow.json/steps/0/id']);
  });

  it('moves and copies, and tests a value', () => {
    const { files: out } = applyPatch(files(), [
      { op: 'test', path: '/workflow.json/steps/2/id', value: 'c' },
      { op: 'copy', from: '/workflow.json/steps/0', path: '/workflow.json/transitions/0' },
      { op: 'move', from: '/workflow.json/steps/2', path: '/workflow.json/steps/0' },
    ]);
    expect((out['workflow.json'] as any).steps.map((s: any) => s.id)).toEqual(['c', 'a', 'b']);
    expect((out['workflow.json'] as any).transitions).toEqual([{ id: 'a' }]);
  });

  it('leaves the given files untouched, also when a later operation is refused', () => {
    const given = files();
    expect(() =>
      applyPatch(given, [
        { op: 'remove', path: '/workflow.json/steps/0' },
        { op: 'replace', path: '/workflow.json/nothing', value: 1 },
      ]),
    ).toThrow(PatchRefused);
    expect(given).toEqual(files());
  });

  it('refuses a path that does not exist, naming the operation, the path and the reason', () => {
    expect(
      refusal([
        { op: 'replace', path: '/workflow.json/steps/0/id', value: 'x' },
        { op: 'remove', path: '/workflow.json/steps/9' },
      ]),
    ).toMatchObject({
      operation: 1,
      path: '/workflow.json/steps/9',
      code: 'path_not_found',
    });
    expect(refusal([{ op: 'add', path: '/workflow.json/nowhere/deeper/x', value: 1 }])).toMatchObject({
      code: 'path_not_found',
      path: '/workflow.json/nowhere/deeper/x',
    });
    expect(refusal([{ op: 'replace', path: '/roles.json', value: {} }])).toMatchObject({ code: 'path_not_found' });
    expect(refusal([{ op: 'add', path: '/workflow.json/steps/7', value: {} }])).toMatchObject({ code: 'invalid_index' });
    expect(refusal([{ op: 'add', path: '/workflow.json/steps/01', value: {} }])).toMatchObject({ code: 'invalid_index' });
  });

  it('refuses a failed test, a move into itself and the whole document as a path', () => {
    expect(refusal([{ op: 'test', path: '/workflow.json/steps/0/id', value: 'b' }])).toMatchObject({ code: 'test_failed' });
    expect(refusal([{ op: 'move', from: '/workflow.json/steps', path: '/workflow.json/steps/0/sub' }])).toMatchObject({ code: 'move_into_itself' });
    expect(refusal([{ op: 'remove', path: '' }])).toMatchObject({ code: 'not_a_file_path' });
    expect(refusal([{ op: 'add', path: '/__proto__', value: { polluted: true } }])).toMatchObject({ code: 'invalid_operation', path: '/__proto__' });
    expect(refusal([{ op: 'copy', from: '/workflow.json', path: '/workflow.json/steps/0/__proto__' }])).toMatchObject({ code: 'invalid_operation' });
  });
});

describe('readOperations', () => {
  const problem = (input: unknown) => {
    try {
      readOperations(input);
    } catch (e) {
      if (e instanceof PatchRefused) return e.problem;
      throw e;
    }
    throw new Error('accepted');
  };

  it('accepts the six operations as RFC 6902 writes them', () => {
    const ops = [
      { op: 'add', path: '/a', value: null },
      { op: 'remove', path: '/a' },
      { op: 'replace', path: '/a', value: 1 },
      { op: 'move', from: '/a', path: '/b' },
      { op: 'copy', from: '/a', path: '/b' },
      { op: 'test', path: '/a', value: false },
    ];
    expect(readOperations(ops)).toEqual(ops);
  });

  it('refuses what is not an operation, naming its index', () => {
    expect(problem('not a patch')).toMatchObject({ code: 'invalid_operation' });
    expect(problem([])).toMatchObject({ code: 'invalid_operation' });
    expect(
      problem([
        { op: 'add', path: '/a', value: 1 },
        { op: 'rename', path: '/a' },
      ]),
    ).toMatchObject({ operation: 1, code: 'invalid_operation' });
    expect(problem([{ op: 'add', path: '/a' }])).toMatchObject({ operation: 0, path: '/a', code: 'invalid_operation' });
    expect(problem([{ op: 'replace', path: 'workflow.json', value: 1 }])).toMatchObject({ code: 'invalid_operation' });
    expect(problem([{ op: 'move', path: '/a' }])).toMatchObject({ code: 'invalid_operation' });
  });
});
