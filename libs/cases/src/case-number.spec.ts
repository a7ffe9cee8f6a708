import type { SopPack } from '@app/pack-types';
import { caseNumberTemplate } from './case-number';

const pack = {
  manifest: { id: 'moldova', country: 'MD' },
  locations: { levels: ['country', 'district', 'community'] },
} as unknown as SopPack;

describe('case number format', () => {
  const now = new Date('2026-03-02T08:00:00Z');

  it('expands location-level, date and sequence tokens', () => {
    const t = caseNumberTemplate(pack, 'child_protection', 'MD-{district}-{yyyy}-{seq:6}', 'MD/CH/CH01/', now);
    expect(t.render(42)).toBe('MD-CH-2026-000042');
    expect(t.sequenceKey).toBe('moldova:child_protection:MD-CH-2026-{seq:6}');
  });

  it('keeps one sequence per district and year, and marks a level the location lacks', () => {
    const a = caseNumberTemplate(pack, 'x', '{country}-{district}-{community}-{yy}{mm}-{seq:3}', 'MD/ST/', now);
    expect(a.render(7)).toBe('MD-ST-X-2603-007');
    const b = caseNumberTemplate(pack, 'x', '{country}-{district}-{community}-{yy}{mm}-{seq:3}', 'MD/CH/', now);
    expect(a.sequenceKey).not.toBe(b.sequenceKey);
  });
});
