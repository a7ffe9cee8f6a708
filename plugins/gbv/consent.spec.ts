import { consentState, consentStates, newestFirst } from './consent';

const at = (iso: string) => new Date(`2026-03-01T${iso}Z`);
const rec = (purpose: string, decision: 'granted' | 'refused' | 'withdrawn', time: string, seq: number) => ({ purpose, decision, recordedAt: at(time), seq });

describe('survivor consent from its history', () => {
  it('is unknown until something is recorded', () => {
    expect(consentState([], 'health')).toBe('unknown');
    expect(consentState([rec('legal', 'granted', '10:00:00', 1)], 'health')).toBe('unknown');
  });

  it('follows the latest record of the purpose, whatever order the history comes in', () => {
    const history = [rec('police', 'withdrawn', '12:00:00', 3), rec('police', 'granted', '10:00:00', 1), rec('police', 'refused', '11:00:00', 2)];
    expect(consentState(history, 'police')).toBe('withdrawn');
    expect(consentState([...history, rec('police', 'granted', '13:00:00', 4)], 'police')).toBe('granted');
  });

  it('breaks ties of the same instant by insertion order', () => {
    expect(consentState([rec('health', 'refused', '10:00:00', 8), rec('health', 'granted', '10:00:00', 7)], 'health')).toBe('refused');
    expect(consentState([rec('health', 'refused', '10:00:00', 7), rec('health', 'granted', '10:00:00', 8)], 'health')).toBe('granted');
  });

  it('keeps purposes apart', () => {
    const history = [rec('health', 'granted', '10:00:00', 1), rec('police', 'refused', '10:05:00', 2)];
    expect(consentStates(history, ['health', 'psychosocial', 'police'])).toEqual({ health: 'granted', psychosocial: 'unknown', police: 'refused' });
  });

  it('still shows a purpose the settings no longer list', () => {
    expect(consentStates([rec('shelter', 'granted', '10:00:00', 1)], ['health'])).toEqual({ health: 'unknown', shelter: 'granted' });
  });

  it('lists the history newest first', () => {
    const history = [rec('a', 'granted', '10:00:00', 1), rec('b', 'granted', '12:00:00', 3), rec('a', 'refused', '12:00:00', 2)];
    expect(newestFirst(history).map((r) => r.seq)).toEqual([3, 2, 1]);
  });
});
