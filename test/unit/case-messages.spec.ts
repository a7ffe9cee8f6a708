import { caseMessage } from '../../libs/cases/src/case-messages';

/** The messages a share or an assignment leaves in the recipient's inbox, in their language. */
describe('case messages in the recipient language', () => {
  it('keeps the English words, and speaks French, Romanian and Arabic (the case number isolated in Arabic)', () => {
    expect(caseMessage('case_shared', 'en', 'en', { case: 'MD-1', actor: 'Elena' })).toEqual({
      title: 'Case MD-1 is shared with you',
      body: 'Shared by Elena.',
    });
    expect(caseMessage('case_shared', 'fr', 'en', { case: 'MD-1', actor: 'Elena' }).title).toBe('Le dossier MD-1 est partagé avec vous');
    expect(caseMessage('case_shared', 'ar', 'en', { case: 'MD-1', actor: 'Elena' }).title).toBe('الحالة \u2068MD-1\u2069 مشارَكة معك');
  });

  it('counts the cases assigned by the plural rules of each language', () => {
    const title = (locale: string, n: number) => caseMessage('cases_assigned', locale, 'en', { n, actor: 'Dan', cases: 'MD-1, MD-2' }).title;
    expect(title('en', 2)).toBe('2 cases are now assigned to you');
    expect(title('fr', 2)).toBe('2 dossiers vous sont maintenant attribués');
    expect(title('ro', 3)).toBe('3 cazuri vă sunt acum atribuite');
    expect(title('ro', 20)).toBe('20 de cazuri vă sunt acum atribuite');
    expect(title('ar', 2)).toBe('أُسندت إليك حالتان');
  });

  it("falls back to the pack's default language, then English", () => {
    expect(caseMessage('case_shared', 'de', 'ro', { case: 'MD-1', actor: 'Ion' }).title).toBe('Cazul MD-1 este partajat cu dumneavoastră');
    expect(caseMessage('case_shared', 'de', 'it', { case: 'MD-1', actor: 'Ion' }).title).toBe('Case MD-1 is shared with you');
  });
});
