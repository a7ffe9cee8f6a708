import {
  answerText,
  changeInWords,
  choiceAgain,
  HeldChange,
  heldTranslate,
  namesFromPack,
  ownHeld,
  reasonInWords,
  resolution,
  teamHeld,
} from '../../apps/web/src/offline/held-words';

/**
 * Held offline changes in words (apps/web/src/offline/held-words.ts): what the change was and why
 * the server holds it, read from the reason's code and details with the pack's labels, never its
 * ids; a conflict's answers as the form shows them; and the resolution sent for the user's choices.
 */
const pack = {
  forms: [
    {
      id: 'registration',
      title: { en: 'Registration', fr: 'Enregistrement' },
      schema: {
        properties: {
          address: { type: 'string', title: 'Adresse' },
          sex: {
            type: 'string',
            title: 'Sexe',
            oneOf: [
              { const: 'female', title: 'Féminin' },
              { const: 'male', title: 'Masculin' },
            ],
          },
          date_of_birth: { type: 'string', format: 'date', title: 'Date de naissance' },
          disability: { type: 'boolean', title: "L'enfant a un handicap" },
        },
      },
    },
  ],
  workflow: {
    steps: [
      { id: 'registration', label: { en: 'Registration', fr: 'Enregistrement' } },
      { id: 'initial_assessment', label: { en: 'Initial assessment', fr: 'Évaluation initiale' } },
    ],
    transitions: [{ id: 'start_assessment', label: { en: 'Start the assessment', fr: "Commencer l'évaluation" } }],
  },
};
const fr = (key: string, vars?: Record<string, string | number>) => heldTranslate('fr', key, vars);
const names = namesFromPack(pack, 'fr');
const fill = (over: Partial<HeldChange> = {}): HeldChange => ({
  key: '6b1f9c3e-0000-4000-8000-000000000001',
  kind: 'fill',
  caseId: '7c1f9c3e-0000-4000-8000-000000000002',
  madeAt: '2026-12-01T09:00:00.000Z',
  receivedAt: '2026-12-02T09:00:00.000Z',
  change: {
    key: '6b1f9c3e-0000-4000-8000-000000000001',
    kind: 'fill',
    case: '7c1f9c3e-0000-4000-8000-000000000002',
    formId: 'registration',
    status: 'complete',
    base: { address: 'Strada Veche 1', sex: 'female', disability: false },
    answers: { address: 'Strada Offline 4', sex: 'male', disability: true },
  },
  reason: {
    code: 'sync_conflict',
    message: 'Changed on the server too since your copy: address, sex.',
    details: {
      formId: 'registration',
      version: 5,
      conflicts: [
        { field: 'address', base: 'Strada Veche 1', yours: 'Strada Offline 4', theirs: 'Strada Online 3' },
        { field: 'sex', base: 'female', yours: 'male' },
      ],
    },
  },
  ...over,
});

describe('held offline changes in words', () => {
  it('says what the change was with the pack’s labels: answers to a form by field, a transition, a registration by name', () => {
    expect(changeInWords(fr, ownHeld(fill()), names, 'fr')).toBe("Réponses au formulaire « Enregistrement » : Adresse, Sexe et L'enfant a un handicap");
    const transition = ownHeld(
      fill({
        kind: 'transition',
        change: { key: 'k', kind: 'transition', case: 'c', transitionId: 'start_assessment', fromStep: 'registration' },
      }),
    );
    expect(changeInWords(fr, transition, names, 'fr')).toBe("Transition « Commencer l'évaluation »");
    const registration = ownHeld(
      fill({
        kind: 'register',
        caseId: null,
        change: { key: 'k', kind: 'register', tempId: 't1', caseType: 'child_protection', answers: { first_name: 'Ana', last_name: 'Rusu' } },
      }),
    );
    expect(changeInWords(fr, registration, names, 'fr')).toBe('Enregistrement de Ana Rusu');
  });

  it('words each reason from its code and details, and a refusal by the server’s own message', () => {
    expect(reasonInWords(fr, ownHeld(fill()), names, 'fr')).toBe(
      "Pendant que vous étiez hors ligne, quelqu'un d'autre a modifié les mêmes réponses sur le serveur : Adresse et Sexe. Choisissez les réponses à garder.",
    );
    const moved = ownHeld(
      fill({
        kind: 'transition',
        change: { key: 'k', kind: 'transition', case: 'c', transitionId: 'start_assessment', fromStep: 'registration' },
        reason: { code: 'sync_step_moved', message: '…', details: { step: 'initial_assessment', fromStep: 'registration' } },
      }),
    );
    expect(reasonInWords(fr, moved, names, 'fr')).toBe(
      'Le dossier est passé à « Évaluation initiale » pendant que vous étiez hors ligne ; la transition avait été faite à « Enregistrement ».',
    );
    const old = ownHeld(fill({ reason: { code: 'sync_made_too_long_ago', message: '…', details: { maxDays: 7, madeAt: '2026-11-20T00:00:00Z' } } }));
    expect(reasonInWords(fr, old, names, 'fr')).toContain('plus de 7 jours avant de parvenir au serveur');
    const refused = ownHeld(fill({ reason: { code: 'not_permitted', message: "Vous n'avez pas le droit de remplir ce formulaire." } }));
    expect(reasonInWords(fr, refused, names, 'fr')).toBe("Le serveur l'a refusée : Vous n'avez pas le droit de remplir ce formulaire.");
  });

  it('has a worded text, without raw keys or placeholders, for every reason code in every language', () => {
    for (const locale of ['en', 'fr', 'ro', 'ar']) {
      const t = (key: string, vars?: Record<string, string | number>) => heldTranslate(locale, key, vars);
      for (const code of [
        'sync_conflict',
        'sync_step_moved',
        'sync_case_unknown',
        'sync_after_held_change',
        'sync_made_too_long_ago',
        'sync_handed_over',
        'x',
      ]) {
        const text = reasonInWords(t, ownHeld(fill({ reason: { ...fill().reason, code } })), names, locale);
        expect([locale, code, /held\.|\{/.test(text)]).toEqual([locale, code, false]);
      }
    }
  });

  it('reads a team member’s change without its values: whose, the conflicting fields by label', () => {
    const item = teamHeld({
      key: 'k',
      kind: 'fill',
      userId: 'u1',
      userName: 'Elena Cojocaru',
      userActive: false,
      caseId: 'c1',
      caseNumber: null,
      reason: { code: 'sync_conflict', message: '…', details: { formId: 'registration', conflicts: [{ field: 'address' }] } },
      formId: 'registration',
      fields: ['address'],
      madeAt: null,
      receivedAt: '2026-12-02T09:00:00.000Z',
    });
    expect(item.change).toBeUndefined();
    expect(item.owner).toEqual({ id: 'u1', name: 'Elena Cojocaru', active: false });
    expect(changeInWords(fr, item, names, 'fr')).toBe('Réponses au formulaire « Enregistrement » : Adresse');
    expect(reasonInWords(fr, item, names, 'fr')).toContain('la même réponse sur le serveur : Adresse.');
  });

  it('shows an answer as the form does: an option by its label, a date in the language, yes or no, nothing as no answer', () => {
    const f = { locale: 'fr', timeZone: 'Europe/Chisinau', t: fr };
    expect(answerText(names.field('registration', 'sex'), 'male', f)).toBe('Masculin');
    expect(answerText(names.field('registration', 'date_of_birth'), '2015-05-05', f)).toBe('5 mai 2015');
    expect(answerText(names.field('registration', 'disability'), true, f)).toBe('Oui');
    expect(answerText(names.field('registration', 'address'), undefined, f)).toBe('(pas de réponse)');
    expect(answerText(undefined, ['a', 'b'], f)).toBe('a, b');
  });

  it('resolves with the chosen value per field on the server’s values seen, keeping the change’s other fields', () => {
    const held = fill();
    if (held.change.kind !== 'fill') throw new Error('a fill');
    const conflicts = (held.reason.details as { conflicts: never[] }).conflicts;
    expect(resolution(held.change, conflicts, { address: 'theirs', sex: 'yours' })).toEqual({
      answers: { address: 'Strada Online 3', sex: 'male', disability: true },
      base: { address: 'Strada Online 3', disability: false },
    });
    // The server's value is "no answer": choosing it clears the field.
    expect(resolution(held.change, conflicts, { address: 'yours', sex: 'theirs' }).answers).toEqual({
      address: 'Strada Offline 4',
      sex: null,
      disability: true,
    });
  });

  it('after the server changed again, asks again only for the answers it names, keeping the other choices on the values they were based on', () => {
    const conflicts = [
      { field: 'address', yours: 'Strada Offline 4', theirs: 'Strada Online 3' },
      { field: 'sex', yours: 'male', theirs: 'female' },
    ];
    const fresh = [{ field: 'address', base: 'Strada Online 3', yours: 'Strada Online 3', theirs: 'Strada Online 5' }];
    const again = choiceAgain(conflicts, { address: 'theirs', sex: 'yours' }, fresh);
    expect(again).toEqual({ conflicts: [fresh[0], conflicts[1]], choice: { sex: 'yours' } });
    const held = fill();
    if (held.change.kind !== 'fill') throw new Error('a fill');
    expect(resolution(held.change, again.conflicts, { ...again.choice, address: 'theirs' })).toEqual({
      answers: { address: 'Strada Online 5', sex: 'male', disability: true },
      base: { address: 'Strada Online 5', sex: 'female', disability: false },
    });
  });
});
