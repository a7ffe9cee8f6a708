import { blankFreeText, withoutFreeText } from './case-disclosure';
import { eventShown, EventReader, EVENT_VISIBLE_TO, projectEventData } from './case-event-projection';

/** A reader of one case: `identity` = may read who the child is; `fields` = readable fields of every form. */
function reader(over: Partial<EventReader> & { fields?: string[] } = {}): EventReader {
  const fields = over.fields ?? ['first_name'];
  return {
    access: { perms: { formFields: () => fields }, facts: {} } as never,
    identity: true,
    readable: new Set(),
    named: new Set(),
    idsByNumber: new Map(),
    deadline: () => true,
    ...over,
  };
}

describe('what a timeline event shows its reader', () => {
  it("free text only to readers of the child's identity; the rest, and that something was left out, to all", () => {
    const data = { transferId: 't1', toUserId: 'u2', reason: 'Ana moved to her aunt', comment: null };
    expect(projectEventData('transfer_requested', data, reader())).toEqual(data);
    expect(projectEventData('transfer_requested', data, reader({ identity: false }))).toEqual({
      transferId: 't1',
      toUserId: 'u2',
      comment: null,
      reasonHidden: true,
    });
    // Nothing to hide: no marker.
    expect(projectEventData('transition_performed', { transition: 'pause_case', comment: null }, reader({ identity: false }))).toEqual({
      transition: 'pause_case',
      comment: null,
    });
    for (const key of ['comment', 'consentOverrideReason', 'decisionReason', 'removalReason']) {
      expect(projectEventData('x', { [key]: 'text', kept: 1 }, reader({ identity: false }))).toEqual({ kept: 1, reasonHidden: true });
    }
  });

  it('a link names the other case (and says why) only to readers of that case', () => {
    const data = { caseId: 'c2', caseNumber: 'MD-CH-2026-000002', kind: 'sibling', reason: 'same mother' };
    expect(projectEventData('case_linked', data, reader({ readable: new Set(['c2']) }))).toEqual(data);
    expect(projectEventData('case_linked', data, reader())).toEqual({ kind: 'sibling' });
    expect(projectEventData('case_unlinked', data, reader({ identity: false, readable: new Set(['c2']) }))).toEqual({
      caseId: 'c2',
      caseNumber: 'MD-CH-2026-000002',
      kind: 'sibling',
      reasonHidden: true,
    });
  });

  it("possible duplicates: only cases whose child the reader may name, and only to readers of this child's name", () => {
    const data = {
      caseNumber: 'N3',
      possibleDuplicates: [
        { id: 'c1', caseNumber: 'N1' },
        { id: 'c2', caseNumber: 'N2' },
      ],
    };
    const named = new Set(['c2']);
    expect(projectEventData('case_registered', data, reader({ named })).possibleDuplicates).toEqual([{ id: 'c2', caseNumber: 'N2' }]);
    expect(projectEventData('case_registered', data, reader({ named, identity: false })).possibleDuplicates).toEqual([]);
    // Events written before ids were recorded hold case numbers: resolved, then the same rule.
    const legacy = { possibleDuplicates: ['N1', 'N2', 'N9'] };
    const idsByNumber = new Map([
      ['N1', 'c1'],
      ['N2', 'c2'],
    ]);
    expect(projectEventData('case_registered', legacy, reader({ named, idsByNumber })).possibleDuplicates).toEqual([{ id: 'c2', caseNumber: 'N2' }]);
  });

  it('which fields were changed: only those the reader may read, except on the audit trail', () => {
    const data = { form: 'registration', formVersion: 1, fields: ['first_name', 'idnp'] };
    expect(projectEventData('form_submitted', data, reader()).fields).toEqual(['first_name']);
    expect(projectEventData('form_submitted', data, reader(), { fieldNames: 'all' }).fields).toEqual(['first_name', 'idnp']);
  });

  it('a deadline the reader may not see says only that', () => {
    const shown = reader({ deadline: (id) => id !== 'initial_response' });
    expect(projectEventData('deadline_set', { key: 'initial_response', deadline: 'initial_response', dueAt: 'x' }, shown)).toEqual({ deadlineHidden: true });
    expect(projectEventData('deadline_met', { key: 'referral_response:r1', closedAt: 'x' }, shown)).toEqual({ key: 'referral_response:r1', closedAt: 'x' });
    expect(eventShown('deadline_set', { key: 'initial_response' }, shown)).toBe(false);
    expect(eventShown('deadline_set', { key: 'initial_assessment_due' }, shown)).toBe(true);
  });

  it('drops the plugin visibility key', () => {
    expect(projectEventData('gbv_incident_recorded', { [EVENT_VISIBLE_TO]: { subject: 'gbv_incident', action: 'read' }, incidentId: 'i1' }, reader())).toEqual({
      incidentId: 'i1',
    });
  });
});

describe('leaving free text out of records', () => {
  it('withoutFreeText removes the keys; blankFreeText keeps the shape with nulls; both mark what they hid', () => {
    expect(withoutFreeText({ a: 1, reason: 'x' })).toEqual({ a: 1, reasonHidden: true });
    expect(withoutFreeText({ a: 1, reason: null })).toEqual({ a: 1, reason: null });
    expect(blankFreeText({ id: 'f1', reason: 'x', removalReason: null })).toEqual({ id: 'f1', reason: null, removalReason: null, reasonHidden: true });
    expect(blankFreeText({ id: 'k1', givenByName: 'Mother', notes: null }, ['givenByName', 'notes'])).toEqual({
      id: 'k1',
      givenByName: null,
      notes: null,
      reasonHidden: true,
    });
    expect(blankFreeText({ id: 'f2', reason: null })).toEqual({ id: 'f2', reason: null });
  });
});
