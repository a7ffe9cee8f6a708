import type { PluginScreen, ScreenField, Translated } from '@app/plugin-sdk';
import { FAMILY_FORM } from './child';

/**
 * What adoption staff see and do in the web app: the registry of families (registered by one
 * user, decided by another), on the child's case page the matches proposed and the panel's
 * decision on each, and the approved families ranked for the child, each criterion explained, from
 * which the caseworker proposes one. The routes decide who may see names and take each action.
 */

const t = (en: string, fr: string, ro: string, ar: string): Translated => ({ en, fr, ro, ar });

const FAMILY_STATUS = {
  pending: t('Awaiting approval', "En attente d'approbation", 'În așteptarea aprobării', 'بانتظار الاعتماد'),
  approved: t('Approved', 'Approuvée', 'Aprobată', 'معتمدة'),
  rejected: t('Rejected', 'Refusée', 'Respinsă', 'مرفوضة'),
};
const MATCH_STATUS = {
  proposed: t("Awaiting the panel's decision", 'En attente de la décision de la commission', 'În așteptarea deciziei comisiei', 'بانتظار قرار اللجنة'),
  approved: t('Approved by the panel', 'Approuvé par la commission', 'Aprobată de comisie', 'اعتمدتها اللجنة'),
  rejected: t('Rejected by the panel', 'Refusé par la commission', 'Respinsă de comisie', 'رفضتها اللجنة'),
  withdrawn: t('Withdrawn', 'Retiré', 'Retrasă', 'مسحوبة'),
};
const WITHDRAWN_WHY = {
  another_match_approved: t('Another family was approved', 'Une autre famille a été approuvée', 'A fost aprobată altă familie', 'اعتُمدت أسرة أخرى'),
  case_left_adoption: t(
    'The case left the adoption step',
    "Le cas a quitté l'étape d'adoption",
    'Cazul a ieșit din etapa de adopție',
    'خرجت الحالة من مرحلة التبنّي',
  ),
};
const CRITERIA = {
  age: t('Age', 'Âge', 'Vârstă', 'العمر'),
  siblings: t('Siblings', 'Fratrie', 'Frați', 'الإخوة'),
  special_needs: t('Special needs', 'Besoins particuliers', 'Nevoi speciale', 'الاحتياجات الخاصة'),
  language: t('Language', 'Langue', 'Limbă', 'اللغة'),
  distance: t('Distance', 'Distance', 'Distanță', 'المسافة'),
};
const DECISIONS = { approve: t('Approve', 'Approuver', 'Aprobați', 'اعتماد'), reject: t('Reject', 'Refuser', 'Respingeți', 'رفض') };

const STATUS = t('Status', 'Statut', 'Stare', 'الحالة');
const FAMILY = t('Family', 'Famille', 'Familie', 'الأسرة');
const WHERE = t('Where the family lives', 'Lieu de résidence', 'Locul de trai', 'مكان الإقامة');
const SCORE = t('Score (out of 100)', 'Score (sur 100)', 'Punctaj (din 100)', 'الدرجة (من 100)');
const DECISION_REASON = t('Reason for the decision', 'Motif de la décision', 'Motivul deciziei', 'سبب القرار');
const DECIDED_AT = t('Decided on', 'Décidé le', 'Decis la', 'تاريخ القرار');
const CASE = t('Case', 'Cas', 'Caz', 'الحالة');
const DECIDED = t('Decision recorded.', 'Décision enregistrée.', 'Decizie înregistrată.', 'تم تسجيل القرار.');
const decision = { type: 'string', enum: Object.keys(DECISIONS), 'x-label': t('Decision', 'Décision', 'Decizie', 'القرار'), 'x-enumLabels': DECISIONS };
const reason = { type: 'string', maxLength: 2000, 'x-label': t('Reason', 'Motif', 'Motiv', 'السبب') };

const familyStatus: ScreenField = { value: 'data.status', label: STATUS, labels: FAMILY_STATUS };
const registeredAt: ScreenField = { value: 'row.registeredAt', label: t('Registered', 'Enregistrée', 'Înregistrată', 'تاريخ التسجيل'), format: 'datetime' };

export function adoptionMatchingScreens(): PluginScreen[] {
  return [
    {
      id: 'families',
      title: t('Adoptive families', 'Familles adoptives', 'Familii adoptive', 'الأسر المتبنّية'),
      placement: ['menu'],
      view: {
        kind: 'list',
        source: 'list_families',
        columns: [
          { value: 'row.familyName', label: FAMILY },
          { value: 'row.locationLabel', label: WHERE },
          { ...familyStatus, value: 'row.status' },
          registeredAt,
        ],
        empty: t('No family in the registry.', 'Aucune famille dans le registre.', 'Nicio familie în registru.', 'لا توجد أسر في السجل.'),
        open: { screen: 'family', params: { familyId: 'row.id' } },
        filters: [{ query: 'status', label: STATUS, options: Object.entries(FAMILY_STATUS).map(([value, label]) => ({ value, label })) }],
        // The route pages by ?offset=&limit= and says how many there are in all.
        paging: { kind: 'offset', query: 'offset', pageSize: 50, limitQuery: 'limit', total: 'total' },
        actions: [
          {
            id: 'register',
            label: t('Register a family', 'Enregistrer une famille', 'Înregistrați o familie', 'تسجيل أسرة'),
            route: 'register_family',
            form: { form: FAMILY_FORM },
            done: t(
              'Family registered; another user approves it.',
              'Famille enregistrée ; un autre utilisateur doit l’approuver.',
              'Familie înregistrată; un alt utilizator o aprobă.',
              'تم تسجيل الأسرة؛ يعتمدها مستخدم آخر.',
            ),
            then: { screen: 'family', params: { familyId: 'result.id' } },
          },
        ],
      },
    },
    {
      id: 'family',
      title: t('Adoptive family', 'Famille adoptive', 'Familie adoptivă', 'أسرة متبنّية'),
      params: ['familyId'],
      view: {
        kind: 'detail',
        source: 'get_family',
        heading: 'data.familyName',
        sections: [
          {
            kind: 'fields',
            fields: [
              familyStatus,
              { value: 'data.locationLabel', label: WHERE },
              { ...registeredAt, value: 'data.registeredAt' },
              { value: 'data.decidedAt', label: DECIDED_AT, format: 'datetime' },
              { value: 'data.decisionReason', label: DECISION_REASON },
            ],
          },
          { kind: 'answers', title: t('Registration', 'Enregistrement', 'Înregistrare', 'التسجيل'), value: 'data.answers', form: FAMILY_FORM },
        ],
        actions: [
          {
            id: 'decide',
            label: t('Approve or reject the family', 'Approuver ou refuser la famille', 'Aprobați sau respingeți familia', 'اعتماد الأسرة أو رفضها'),
            route: 'decide_family',
            params: { familyId: 'data.id' },
            form: {
              // A rejection owes the family an explanation: the reason is required then.
              schema: {
                type: 'object',
                required: ['decision'],
                properties: { decision, reason },
                if: { properties: { decision: { const: 'reject' } }, required: ['decision'] },
                then: { required: ['reason'] },
              },
            },
            when: { value: 'data.status', in: ['pending'] },
            done: DECIDED,
          },
        ],
      },
    },
    {
      id: 'case_matches',
      title: t('Adoption matching', "Apparentement pour l'adoption", 'Potrivirea pentru adopție', 'المطابقة لأغراض التبنّي'),
      placement: ['case'],
      params: ['caseId'],
      view: {
        kind: 'detail',
        source: 'list_matches',
        sections: [
          {
            kind: 'table',
            title: t(
              'Families proposed for this child',
              'Familles proposées pour cet enfant',
              'Familii propuse pentru acest copil',
              'الأسر المقترحة لهذا الطفل',
            ),
            value: 'data.matches',
            columns: [
              { value: 'row.family.name', label: FAMILY },
              { value: 'row.status', label: STATUS, labels: MATCH_STATUS },
              { value: 'row.score', label: SCORE, format: 'number' },
              // What the panel decides on: the score explained as it was when proposed, in the reader's language.
              { value: 'row.criteria', label: t('Why', 'Pourquoi', 'De ce', 'الأسباب'), format: 'list', item: 'explanation' },
              { value: 'row.note', label: t('Note of the proposal', 'Note de la proposition', 'Nota propunerii', 'ملاحظة الاقتراح') },
              { value: 'row.proposedAt', label: t('Proposed on', 'Proposée le', 'Propusă la', 'تاريخ الاقتراح'), format: 'datetime' },
              { value: 'row.decisionReason', label: DECISION_REASON },
              { value: 'row.decidedAt', label: DECIDED_AT, format: 'datetime' },
              { value: 'row.withdrawnReason', label: t('Why withdrawn', 'Motif du retrait', 'Motivul retragerii', 'سبب السحب'), labels: WITHDRAWN_WHY },
            ],
            empty: t(
              'No family has been proposed for this child.',
              "Aucune famille n'a été proposée pour cet enfant.",
              'Nicio familie nu a fost propusă pentru acest copil.',
              'لم تُقترح أي أسرة لهذا الطفل.',
            ),
            rowActions: [
              {
                id: 'decide',
                label: t('Decide on this match', 'Décider de cet apparentement', 'Decideți asupra acestei potriviri', 'اتخاذ قرار بشأن هذه المطابقة'),
                route: 'decide_match',
                params: { matchId: 'row.id' },
                form: { schema: { type: 'object', required: ['decision', 'reason'], properties: { decision, reason: { ...reason, minLength: 3 } } } },
                when: { value: 'row.status', in: ['proposed'] },
                done: DECIDED,
              },
            ],
          },
          {
            kind: 'link',
            text: t(
              'See the approved families ranked for this child, with the reasons',
              'Voir les familles approuvées classées pour cet enfant, avec les raisons',
              'Vedeți familiile aprobate ordonate pentru acest copil, cu motivele',
              'عرض الأسر المعتمدة مرتَّبةً لهذا الطفل مع الأسباب',
            ),
            screen: 'proposals',
            params: { caseId: 'params.caseId' },
            when: [
              { value: 'data.atAdoptionStep', in: [true] },
              { value: 'data.approvedMatchId', in: [null] },
            ],
          },
        ],
      },
    },
    {
      id: 'proposals',
      title: t('Families ranked for the child', "Familles classées pour l'enfant", 'Familii ordonate pentru copil', 'الأسر المرتَّبة للطفل'),
      params: ['caseId'],
      view: {
        kind: 'detail',
        source: 'list_proposals',
        heading: 'data.caseNumber',
        sections: [
          {
            kind: 'fields',
            fields: [
              { value: 'data.caseNumber', label: CASE, caseLink: 'data.caseId' },
              {
                value: 'data.child.ageYears',
                label: t("Child's age (years)", "Âge de l'enfant (ans)", 'Vârsta copilului (ani)', 'عمر الطفل (بالسنوات)'),
                format: 'number',
              },
              {
                value: 'data.child.siblingGroupSize',
                label: t('Children to place together', 'Enfants à placer ensemble', 'Copii de plasat împreună', 'الأطفال المراد إيداعهم معًا'),
                format: 'number',
              },
              { value: 'data.child.locationLabel', label: t('Where the child is', "Où est l'enfant", 'Unde se află copilul', 'مكان الطفل') },
              {
                value: 'data.considered',
                label: t('Approved families considered', 'Familles approuvées examinées', 'Familii aprobate examinate', 'الأسر المعتمدة التي نُظر فيها'),
                format: 'number',
              },
            ],
          },
          {
            kind: 'table',
            title: t(
              'Approved families, best match first',
              'Familles approuvées, de la plus adaptée à la moins adaptée',
              'Familii aprobate, cea mai potrivită întâi',
              'الأسر المعتمدة، الأنسب أولًا',
            ),
            value: 'data.proposals',
            columns: [
              { value: 'row.familyName', label: FAMILY },
              { value: 'row.score', label: SCORE, format: 'number' },
              {
                value: 'row.meetsAll',
                label: t('Meets every condition', 'Remplit toutes les conditions', 'Îndeplinește toate condițiile', 'تستوفي كل الشروط'),
                format: 'yes_no',
              },
              {
                value: 'row.unmet',
                label: t('Conditions not met', 'Conditions non remplies', 'Condiții neîndeplinite', 'الشروط غير المستوفاة'),
                format: 'list',
                labels: CRITERIA,
              },
              { value: 'row.criteria', label: t('Why', 'Pourquoi', 'De ce', 'الأسباب'), format: 'list', item: 'explanation' },
              { value: 'row.locationLabel', label: WHERE },
              {
                value: 'row.matchedElsewhere',
                label: t('Proposed for another child', 'Proposée pour un autre enfant', 'Propusă pentru alt copil', 'مقترحة لطفل آخر'),
                format: 'yes_no',
              },
            ],
            empty: t(
              'No approved family fits this child.',
              'Aucune famille approuvée ne convient à cet enfant.',
              'Nicio familie aprobată nu se potrivește acestui copil.',
              'لا توجد أسرة معتمدة تناسب هذا الطفل.',
            ),
            rowActions: [
              {
                id: 'propose',
                label: t('Propose this family', 'Proposer cette famille', 'Propuneți această familie', 'اقتراح هذه الأسرة'),
                route: 'propose_match',
                params: { caseId: 'params.caseId' },
                bodyFrom: { familyId: 'row.familyId' },
                form: {
                  schema: {
                    type: 'object',
                    properties: {
                      note: {
                        type: 'string',
                        maxLength: 2000,
                        'x-label': t('Note for the panel', 'Note pour la commission', 'Notă pentru comisie', 'ملاحظة للجنة'),
                      },
                    },
                  },
                },
                when: [
                  { value: 'row.openMatchId', in: [null] },
                  { value: 'data.approvedMatchId', in: [null] },
                ],
                done: t(
                  'Family proposed; the adoption panel is told.',
                  "Famille proposée ; la commission d'adoption est informée.",
                  'Familie propusă; comisia pentru adopție este anunțată.',
                  'تم اقتراح الأسرة؛ وأُبلغت لجنة التبنّي.',
                ),
              },
            ],
          },
        ],
      },
    },
  ];
}
