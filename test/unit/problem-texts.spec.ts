import { readdirSync, readFileSync, statSync } from 'fs';
import path from 'path';
import { errorCodeInfo, formatMessage, messageParams, registeredErrorCodes } from '@app/core';
import { PluginCatalogue } from '@app/plugin-host';
import { INSTALLED_PLUGINS } from '../../plugins';
// Every code the API can answer is registered when its module loads: the app module loads them all.
import '../../apps/api/src/app.module';
import { localizeProblem, PROBLEM_TEXTS, type Problem } from '../../apps/api/src/http/problem-texts';

/**
 * Problems (RFC 9457 bodies) in the user's language: every registered code has its texts in each
 * language of the interface, the parameters are filled with the language's plural forms, fields are
 * named by their label, and English stays exactly as the code wrote it.
 */
describe('problem texts', () => {
  // Numbers as the language writes them (Node's ICU may use Latin or Arabic-Indic digits for Arabic).
  const ar = (n: number) => new Intl.NumberFormat('ar').format(n);
  const LOCALES = ['fr', 'ar', 'ro'];
  const problem = (code: string, detail: string, extra: Record<string, unknown> = {}): Problem => ({
    type: `https://cmis.dev/problems/${code}`,
    title: errorCodeInfo(code).title,
    status: errorCodeInfo(code).status,
    code,
    detail,
    ...extra,
  });

  it('has a title and a detail for every registered code in French, Arabic and Romanian (English is the registry and the code)', () => {
    const codes = [...registeredErrorCodes().keys()];
    expect(codes.length).toBeGreaterThan(80);
    for (const locale of LOCALES) {
      const texts = PROBLEM_TEXTS[locale].codes;
      const missing = codes.filter((c) => !texts[c]?.title || !texts[c]?.detail);
      expect([locale, missing]).toEqual([locale, []]);
      // No text for a code that does not exist (a renamed code keeps no stale translation).
      expect([locale, Object.keys(texts).filter((c) => !registeredErrorCodes().has(c))]).toEqual([locale, []]);
    }
    for (const c of codes) expect([c, errorCodeInfo(c).title]).not.toEqual([c, '']);
  });

  it('names the same parameters, reasons and fields in every language', () => {
    const [first, ...others] = LOCALES.map((l) => PROBLEM_TEXTS[l]);
    for (const other of others) {
      expect(Object.keys(other.reasons).sort()).toEqual(Object.keys(first.reasons).sort());
      expect(Object.keys(other.fields).sort()).toEqual(Object.keys(first.fields).sort());
      expect(Object.keys(other.caseRefusals).sort()).toEqual(Object.keys(first.caseRefusals).sort());
      for (const [code, t] of Object.entries(first.codes)) {
        expect([code, messageParams(other.codes[code].detail ?? '').sort()]).toEqual([code, messageParams(t.detail ?? '').sort()]);
      }
      for (const [k, t] of Object.entries(first.reasons)) expect([k, messageParams(other.reasons[k]).sort()]).toEqual([k, messageParams(t).sort()]);
    }
    // The parameters a detail may name are those the API fills (problem-texts.ts `derivedParams`).
    const known = new Set(['errorCount', 'caseCount', 'seconds', 'reasons', 'checks', 'consent']);
    for (const t of Object.values(first.codes)) for (const p of messageParams(t.detail ?? '')) expect(known).toContain(p);
  });

  it('keeps English exactly as written, and leaves out what the server keeps for itself', () => {
    const written = problem('validation_failed', 'The request body is not valid.', {
      errors: [{ path: '/reason', message: 'must NOT have fewer than 3 characters', keyword: 'minLength', params: { limit: 3 }, labels: { en: 'Reason' } }],
    });
    const sent = localizeProblem(written, 'en');
    expect(sent).toEqual({ ...written, errors: [{ path: '/reason', message: 'must NOT have fewer than 3 characters', keyword: 'minLength' }] });
    // A language the interface does not have: English too.
    expect(localizeProblem(written, 'de')).toEqual(sent);
    expect(localizeProblem(written, 'constructor')).toEqual(sent);
  });

  it('says a wrong password and the wait after too many attempts in the plural forms of each language', () => {
    expect(localizeProblem(problem('invalid_credentials', 'Wrong username or password.'), 'fr')).toMatchObject({
      title: "Nom d'utilisateur ou mot de passe incorrect",
      detail: "Nom d'utilisateur ou mot de passe incorrect.",
      code: 'invalid_credentials',
      status: 401,
    });
    const wait = (locale: string, seconds: number) =>
      localizeProblem(problem('too_many_attempts', `try again in ${seconds} seconds.`, { retryAfterSeconds: seconds }), locale).detail;
    expect(wait('fr', 1)).toBe('Trop de tentatives de connexion échouées ; réessayez dans 1 seconde.');
    expect(wait('fr', 8)).toBe('Trop de tentatives de connexion échouées ; réessayez dans 8 secondes.');
    expect(wait('ro', 2)).toBe('Prea multe încercări de autentificare eșuate; încercați din nou peste 2 secunde.');
    expect(wait('ro', 30)).toBe('Prea multe încercări de autentificare eșuate; încercați din nou peste 30 de secunde.');
    expect(wait('ar', 2)).toBe('محاولات تسجيل دخول فاشلة كثيرة جدًا؛ حاول مرة أخرى بعد ثانيتين.');
    expect(wait('ar', 4)).toBe(`محاولات تسجيل دخول فاشلة كثيرة جدًا؛ حاول مرة أخرى بعد ${ar(4)} ثوانٍ.`);
    expect(wait('ar', 16)).toBe(`محاولات تسجيل دخول فاشلة كثيرة جدًا؛ حاول مرة أخرى بعد ${ar(16)} ثانية.`);
  });

  it('names each field by its form label or a short name, with the reason and its limit in the language', () => {
    const written = problem('answers_invalid', 'The answers to "registration" are not valid; nothing was saved.', {
      errors: [
        { path: '/date_of_birth', message: 'is required', keyword: 'required', labels: { en: 'Date of birth', fr: 'Date de naissance', ro: 'Data nașterii' } },
        { path: '/child_name', message: 'must be at least 2 characters', keyword: 'minLength', params: { limit: 2 }, labels: { en: 'Name' } },
      ],
    });
    expect(localizeProblem(written, 'fr')).toMatchObject({
      title: 'Les réponses ne sont pas valables',
      detail: "2 réponses ne sont pas valables ; rien n'a été enregistré.",
      errors: [
        { path: '/date_of_birth', label: 'Date de naissance', message: 'Cette réponse est obligatoire.', keyword: 'required' },
        // A label the pack has not translated: its English one, as the form itself shows it.
        { path: '/child_name', label: 'Name', message: 'Au moins 2 caractères.', keyword: 'minLength' },
      ],
    });
    expect(localizeProblem(written, 'ro').errors![0]).toEqual({
      path: '/date_of_birth',
      label: 'Data nașterii',
      message: 'Acest răspuns este obligatoriu.',
      keyword: 'required',
    });
    const reason = problem('validation_failed', 'The request body is not valid.', {
      errors: [{ path: '/reason', message: 'must NOT have fewer than 3 characters', keyword: 'minLength', params: { limit: 3 } }],
    });
    expect(localizeProblem(reason, 'ar')).toMatchObject({
      title: 'طلب غير صالح',
      detail: 'قيمة واحدة في الطلب غير صالحة: صحّحها وحاول مرة أخرى.',
      errors: [{ path: '/reason', label: 'السبب', message: `${ar(3)} أحرف على الأقل.`, keyword: 'minLength' }],
    });
  });

  it('says nothing the English did not: a free-text reason becomes the general one, a detail without its values the title', () => {
    const refused = problem('referral_invalid', 'The referral cannot be made: no active provider "p-9" in the service directory. Nothing was saved.', {
      errors: [{ path: '/providerId', message: 'no active provider "p-9" in the service directory' }],
    });
    const fr = localizeProblem(refused, 'fr');
    expect(fr.detail).toBe("Cette orientation ne peut pas être faite ; rien n'a été enregistré.");
    expect(fr.errors).toEqual([{ path: '/providerId', label: 'Prestataire', message: "Cette valeur n'est pas acceptée." }]);
    expect(JSON.stringify(fr)).not.toContain('p-9');
    // A transition refused for a reason given as plain text (not the engine's): the title, as a sentence.
    const closed = localizeProblem(problem('transition_blocked', 'Case X is closed.', { reasons: ['the case is closed'] }), 'fr');
    expect(closed.detail).toBe("Cette action n'est pas possible maintenant.");
  });

  it('says a check of the server by its key: a reason too short, a share that must end in the future', () => {
    const written = problem('validation_failed', 'The reason for overriding consent must be at least 20 characters.', {
      errors: [{ path: '/consentOverrideReason', message: 'at least 20 characters', messageKey: 'minLength', params: { limit: 20 } }],
    });
    expect(localizeProblem(written, 'fr').errors).toEqual([
      { path: '/consentOverrideReason', label: 'Motif pour passer outre le consentement', message: 'Au moins 20 caractères.' },
    ]);
    expect(localizeProblem(written, 'en').errors).toEqual([{ path: '/consentOverrideReason', message: 'at least 20 characters' }]);
    const share = problem('share_target_invalid', 'Cannot share the case: must be in the future.', {
      errors: [{ path: '/expiresAt', message: 'must be in the future', messageKey: 'future' }],
    });
    expect(localizeProblem(share, 'ro')).toMatchObject({
      detail: 'Cazul nu poate fi partajat cu această persoană.',
      errors: [{ path: '/expiresAt', label: 'Expirare', message: 'Trebuie să fie în viitor.' }],
    });
  });

  it('says whether the consent an action needs was refused, withdrawn or never recorded', () => {
    const missing = (consent: string) =>
      localizeProblem(problem('consent_missing', `This needs the "referral" consent, which is ${consent}.`, { purpose: 'referral', consent }), 'fr').detail;
    expect(missing('refused')).toMatch(/^Le consentement nécessaire a été refusé\. Enregistrez d'abord/);
    expect(missing('withdrawn')).toMatch(/^Le consentement nécessaire a été retiré\./);
    expect(missing('unknown')).toMatch(/^Le consentement nécessaire n'est pas enregistré\./);
  });

  it('gives the reasons a transition is refused, in Arabic too', () => {
    const written = problem('transition_forbidden', 'Your role may not do this.', {
      reasons: [{ code: 'role_not_allowed', message: 'Your role may not do this.' }],
    });
    expect(localizeProblem(written, 'ar')).toMatchObject({
      title: 'لا يسمح دورك بهذا الإجراء',
      detail: 'لا يسمح دورك بهذا الإجراء.',
      reasons: [{ code: 'role_not_allowed', message: 'لا يسمح دورك بهذا الإجراء.' }],
    });
    // A guard's message is the pack's, picked by the engine for the request's language: kept.
    const guard = problem('transition_blocked', 'Le plan doit être signé.', {
      reasons: [{ code: 'guard_failed', message: 'Le plan doit être signé.', detail: { guard: 0 } }],
    });
    expect(localizeProblem(guard, 'fr').detail).toBe('Le plan doit être signé.');
  });

  it('counts the cases an assignment refused, by the plural rules of each language', () => {
    const refused = (n: number) =>
      problem('assignment_refused', `${n} case(s) cannot be assigned to Ana; none was.`, {
        cases: Array.from({ length: n }, (_, i) => ({ caseId: `c${i}`, code: 'case_closed', reason: 'the case is closed' })),
      });
    expect(localizeProblem(refused(1), 'fr').detail).toBe("1 dossier ne peut pas être attribué à cette personne ; aucun ne l'a été.");
    expect(localizeProblem(refused(3), 'ro').detail).toBe('3 cazuri nu pot fi atribuite acestei persoane; niciunul nu a fost atribuit.');
    expect(localizeProblem(refused(2), 'ar').detail).toBe('لا يمكن إسناد حالتين إلى هذا الشخص؛ لم يُسند شيء.');
    expect(localizeProblem(refused(1), 'fr').detail).not.toContain('Ana');
    // Each case's reason by its code.
    expect(localizeProblem(refused(2), 'ro').cases).toEqual([
      { caseId: 'c0', code: 'case_closed', reason: 'Cazul este închis.' },
      { caseId: 'c1', code: 'case_closed', reason: 'Cazul este închis.' },
    ]);
  });

  it("keeps a pack's findings as the linter writes them, under a title and detail in the language", () => {
    const finding = { path: 'workflow.json $.transitions[3].to', message: 'unknown step "closd"', keyword: 'unknown_step' };
    const p = localizeProblem(problem('sop_invalid', 'The SOP pack has 1 error(s).', { errors: [finding] }), 'fr');
    expect([p.title, p.detail, p.errors]).toEqual(["Le paquet SOP n'est pas valable", 'Le paquet SOP contient des erreurs.', [finding]]);
  });

  it("answers a code without texts (a plugin's own) in the user's language, naming the code", () => {
    const p = localizeProblem(problem('incident_locked', 'The incident is locked by its author.'), 'fr');
    expect([p.title, p.detail]).toEqual(['La demande a été refusée (code : incident_locked).', 'La demande a été refusée (code : incident_locked).']);
    expect(localizeProblem(problem('incident_locked', 'x'), 'ro').detail).toBe('Cererea a fost refuzată (cod: incident_locked).');
  });
});

describe("installed plugins' problems", () => {
  const LOCALES = ['fr', 'ar', 'ro'];
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const file = path.join(dir, f);
      if (statSync(file).isDirectory()) return sources(file);
      return file.endsWith('.ts') && !file.endsWith('.spec.ts') ? [file] : [];
    });
  /** Every code a plugin's code throws: `new PluginError('code', ...)`, and the codes its id checks are given. */
  const thrownCodes = (pluginId: string): string[] => {
    const codes = new Set<string>();
    for (const file of sources(path.join(__dirname, '..', '..', 'plugins', pluginId))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new PluginError\(\s*'([a-z_]+)'/g)) codes.add(m[1]);
      for (const m of text.matchAll(/idParam\([^,]+,\s*'([a-z_]+)'/g)) codes.add(m[1]);
    }
    return [...codes];
  };

  it('has words in French, Arabic and Romanian for every code an installed plugin throws (the core catalogue, or its own problems)', () => {
    for (const def of INSTALLED_PLUGINS) {
      const codes = thrownCodes(def.id);
      expect([def.id, codes.length > 0]).toEqual([def.id, true]);
      for (const locale of LOCALES) {
        const missing = codes.filter((c) => !PROBLEM_TEXTS[locale].codes[c] && !def.problems?.[c]?.title[locale]);
        expect([def.id, locale, missing]).toEqual([def.id, locale, []]);
      }
      for (const [code, words] of Object.entries(def.problems ?? {})) {
        for (const locale of LOCALES) expect([code, locale, !!words.detail?.[locale]]).toEqual([code, locale, true]);
      }
    }
  });

  it("says a plugin's refusal in the user's language once the plugin is loaded", () => {
    new PluginCatalogue(INSTALLED_PLUGINS);
    const p: Problem = {
      type: 'x',
      title: 'Gbv incident closed',
      status: 409,
      code: 'gbv_incident_closed',
      detail: 'The incident is closed: reopen it to make a referral.',
    };
    expect(localizeProblem(p, 'fr')).toMatchObject({ title: "L'incident est clos", detail: "L'incident est clos : rouvrez-le pour faire une orientation." });
    expect(localizeProblem(p, 'ar').detail).toBe('الحادثة مغلقة: أعد فتحها لإجراء إحالة.');
    expect(localizeProblem(p, 'en')).toEqual(p);
  });
});

describe('formatMessage', () => {
  it('fills placeholders and plural forms, and refuses to leave a placeholder unfilled', () => {
    const t = '{n, plural, =0 {none} one {# file} other {# files}} in {place}';
    expect(formatMessage(t, 'en', { n: 0, place: 'A' })).toBe('none in A');
    expect(formatMessage(t, 'en', { n: 1, place: 'A' })).toBe('1 file in A');
    expect(formatMessage(t, 'en', { n: 1200, place: 'A' })).toBe('1,200 files in A');
    expect(formatMessage(t, 'en', { n: 2 })).toBeUndefined();
    expect(messageParams(t).sort()).toEqual(['n', 'place']);
    const choice = '{state, select, refused {refused} other {not given}} by {who}';
    expect(formatMessage(choice, 'en', { state: 'refused', who: 'A' })).toBe('refused by A');
    expect(formatMessage(choice, 'en', { state: 'unknown', who: 'A' })).toBe('not given by A');
    expect(messageParams(choice).sort()).toEqual(['state', 'who']);
  });
});
