import { SCHEDULED_REPORT } from './report-templates';

describe('default scheduled report template', () => {
  it('speaks of people, not children: a pack about any population may use it as it is', () => {
    const en = SCHEDULED_REPORT.locales.en;
    expect(en.text).toContain("* hidden to protect people's identities (fewer than {{report.threshold}}");
    expect(en.html).toContain("* hidden to protect people's identities (fewer than {{report.threshold}}");
    expect(JSON.stringify(SCHEDULED_REPORT)).not.toMatch(/\bchild/i);
  });
});
