import { findConflicts, pathsOf, type LaterChange } from './conflicts';
import { findingPointer, parsePointer, pointersOverlap, toPointer } from './json-pointer';

describe('pointersOverlap', () => {
  it('is true for the same path, a parent and a child; false for siblings and look-alike names', () => {
    expect(pointersOverlap('/workflow.json/steps/0', '/workflow.json/steps/0')).toBe(true);
    expect(pointersOverlap('/workflow.json/steps', '/workflow.json/steps/3/id')).toBe(true);
    expect(pointersOverlap('/workflow.json/steps/3/id', '/workflow.json')).toBe(true);
    expect(pointersOverlap('/workflow.json/steps/1', '/workflow.json/steps/10')).toBe(false);
    expect(pointersOverlap('/workflow.json/steps', '/workflow.json/stepsExtra')).toBe(false);
    expect(pointersOverlap('/deadlines.json/x', '/workflow.json/x')).toBe(false);
  });

  it('reads escaped segments as RFC 6901 writes them', () => {
    expect(parsePointer('/forms~1a.v1.json/x~0y')).toEqual(['forms/a.v1.json', 'x~y']);
    expect(toPointer(['forms/a.v1.json', 'x~y', 3])).toBe('/forms~1a.v1.json/x~0y/3');
    expect(pointersOverlap('/forms~1a.v1.json', '/forms/a.v1.json')).toBe(false);
  });
});

describe('findConflicts', () => {
  const change = (revision: number, touched: string[], changedByName = 'alice'): LaterChange => ({
    revision,
    touched,
    changedBy: `id-${changedByName}`,
    changedByName,
    changedAt: '2026-03-02T08:00:00.000Z',
  });

  it('lets an edit of other paths through, and refuses one of the same path, its parent or its child, naming who changed it', () => {
    const since = [change(3, ['/deadlines.json/deadlines/0/offsets/high']), change(4, ['/workflow.json/steps'], 'bob')];
    expect(findConflicts(['/roles.json/roles/2/label/en'], since)).toEqual([]);
    expect(findConflicts(['/deadlines.json/deadlines/0/offsets/high'], since)).toEqual([
      expect.objectContaining({ path: '/deadlines.json/deadlines/0/offsets/high', revision: 3, changedByName: 'alice' }),
    ]);
    expect(findConflicts(['/deadlines.json/deadlines/0'], since)).toMatchObject([{ changedPath: '/deadlines.json/deadlines/0/offsets/high' }]);
    expect(findConflicts(['/workflow.json/steps/5/label'], since)).toMatchObject([{ changedByName: 'bob', changedPath: '/workflow.json/steps' }]);
  });

  it('names the earliest change of a path changed twice', () => {
    expect(findConflicts(['/pack.json/name'], [change(6, ['/pack.json'], 'bob'), change(5, ['/pack.json/name/en'])])).toMatchObject([
      { revision: 5, changedByName: 'alice' },
    ]);
  });

  it('counts both ends of a move or copy as paths of the edit', () => {
    expect(
      pathsOf([
        { op: 'move', from: '/a.json/x', path: '/a.json/y' },
        { op: 'test', path: '/a.json/x', value: 1 },
      ]),
    ).toEqual(['/a.json/x', '/a.json/y']);
  });
});

describe('findingPointer', () => {
  it('turns the JSONPath of a finding into the pointer an edit uses', () => {
    expect(findingPointer('workflow.json', '$.transitions[3].to')).toBe('/workflow.json/transitions/3/to');
    expect(findingPointer('forms/a.v1.json', "$.schema.properties['x-label'].en")).toBe('/forms~1a.v1.json/schema/properties/x-label/en');
    expect(findingPointer('pack.json', '$')).toBe('/pack.json');
    expect(findingPointer('roles.json', "$.roles['it\\'s']")).toBe("/roles.json/roles/it's");
  });
});
