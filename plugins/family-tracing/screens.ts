import type { PluginScreen, ScreenField, Translated } from '@app/plugin-sdk';
import { REQUEST_FORM_ID } from './request-answers';

/**
 * What tracing caseworkers see and do in the web app: the requests (menu and home), recording one
 * for a relative, a request with its answers, and its candidate children with the reasons for each
 * score, confirmed or rejected with a reason. The routes decide what each user sees (sensitive
 * answers, candidates only where the child's case is readable and tracing consent granted).
 */

const t = (en: string, fr: string, ro: string, ar: string): Translated => ({ en, fr, ro, ar });

const REQUEST_STATUS = {
  open: t('Open', 'Ouverte', 'Deschisă', 'مفتوح'),
  matched: t('Matched', 'Enfant retrouvé', 'Copil găsit', 'تمت المطابقة'),
  closed: t('Closed', 'Clôturée', 'Închisă', 'مغلق'),
};
const MATCH_STATUS = {
  proposed: t('To review', 'À examiner', 'De examinat', 'قيد المراجعة'),
  confirmed: t('Confirmed', 'Confirmé', 'Confirmat', 'مؤكَّد'),
  rejected: t('Rejected', 'Écarté', 'Respins', 'مرفوض'),
};
const DECISIONS = {
  confirm: t('Confirm: this is the child', "Confirmer : c'est bien l'enfant", 'Confirmați: acesta este copilul', 'تأكيد: هذا هو الطفل'),
  reject: t('Reject: not this child', "Écarter : ce n'est pas l'enfant", 'Respingeți: nu este acest copil', 'رفض: ليس هذا الطفل'),
};

const STATUS = t('Status', 'Statut', 'Stare', 'الحالة');
const REFERENCE = t('Reference', 'Référence', 'Referință', 'المرجع');
const soughtName: ScreenField = { value: 'row.soughtName', label: t('Child sought', 'Enfant recherché', 'Copilul căutat', 'الطفل المبحوث عنه') };
const lastSeen: ScreenField = {
  value: 'row.lastSeenLocation.label',
  label: t('Last seen in', 'Vu pour la dernière fois à', 'Văzut ultima dată în', 'آخر مكان شوهد فيه'),
};
const recordedAt: ScreenField = { value: 'row.recordedAt', label: t('Recorded', 'Enregistrée', 'Înregistrată', 'تاريخ التسجيل'), format: 'datetime' };
const requestStatus: ScreenField = { value: 'row.status', label: STATUS, labels: REQUEST_STATUS };
const asData = (f: ScreenField): ScreenField => ({ ...f, value: f.value.replace(/^row\./, 'data.') });
const isOpen = { value: 'data.status', in: ['open'] };
const reason = (label: Translated) => ({ type: 'string', minLength: 3, maxLength: 2000, 'x-label': label });

export function familyTracingScreens(): PluginScreen[] {
  return [
    {
      id: 'requests',
      title: t('Family tracing requests', 'Demandes de recherche familiale', 'Cereri de căutare a familiei', 'طلبات البحث عن الأسرة'),
      placement: ['menu', 'home'],
      view: {
        kind: 'list',
        source: 'list_requests',
        items: 'requests',
        columns: [{ value: 'row.reference', label: REFERENCE }, soughtName, lastSeen, requestStatus, recordedAt],
        empty: t('No tracing request.', 'Aucune demande de recherche.', 'Nicio cerere de căutare.', 'لا توجد طلبات بحث.'),
        open: { screen: 'request', params: { requestId: 'row.id' } },
        filters: [{ query: 'status', label: STATUS, options: Object.entries(REQUEST_STATUS).map(([value, label]) => ({ value, label })) }],
        // The route pages by ?offset=&limit= and says how many there are in all.
        paging: { kind: 'offset', query: 'offset', pageSize: 50, limitQuery: 'limit', total: 'total' },
        actions: [
          {
            id: 'record',
            label: t('Record a tracing request', 'Enregistrer une demande de recherche', 'Înregistrați o cerere de căutare', 'تسجيل طلب بحث'),
            route: 'record_request',
            form: { form: REQUEST_FORM_ID },
            // Asking for the search is the relative's consent to it (the route requires it): said before recording.
            body: { requester_consent: true },
            confirm: t(
              'The relative asks for this search and agrees that the child is looked for among the registered children.',
              "Le proche demande cette recherche et accepte que l'enfant soit recherché parmi les enfants enregistrés.",
              'Ruda solicită această căutare și este de acord ca copilul să fie căutat printre copiii înregistrați.',
              'يطلب القريب هذا البحث ويوافق على البحث عن الطفل بين الأطفال المسجَّلين.',
            ),
            done: t('Tracing request recorded.', 'Demande de recherche enregistrée.', 'Cerere de căutare înregistrată.', 'تم تسجيل طلب البحث.'),
            then: { screen: 'request', params: { requestId: 'result.id' } },
          },
        ],
      },
    },
    {
      id: 'request',
      title: t('Family tracing request', 'Demande de recherche familiale', 'Cerere de căutare a familiei', 'طلب البحث عن الأسرة'),
      params: ['requestId'],
      view: {
        kind: 'detail',
        source: 'get_request',
        heading: 'data.reference',
        sections: [
          {
            kind: 'fields',
            fields: [
              asData(requestStatus),
              asData(soughtName),
              asData(lastSeen),
              asData(recordedAt),
              { value: 'data.matchedAt', label: t('Child found on', 'Enfant retrouvé le', 'Copil găsit la', 'تاريخ العثور على الطفل'), format: 'datetime' },
              { value: 'data.closedAt', label: t('Closed on', 'Clôturée le', 'Închisă la', 'تاريخ الإغلاق'), format: 'datetime' },
              { value: 'data.closeReason', label: t('Why it was closed', 'Motif de clôture', 'Motivul închiderii', 'سبب الإغلاق') },
              {
                value: 'data.visibleCandidates',
                label: t('Candidate children', 'Enfants candidats', 'Copii candidați', 'الأطفال المرشَّحون'),
                format: 'number',
              },
            ],
          },
          {
            kind: 'link',
            text: t(
              'See the candidate children and the reasons for each',
              'Voir les enfants candidats et les raisons de chacun',
              'Vedeți copiii candidați și motivele pentru fiecare',
              'عرض الأطفال المرشَّحين وأسباب ترشيح كلٍّ منهم',
            ),
            screen: 'candidates',
            params: { requestId: 'data.id' },
          },
          {
            kind: 'answers',
            title: t('What the relative told', 'Ce que le proche a dit', 'Ce a spus ruda', 'ما قاله القريب'),
            value: 'data.answers',
            form: REQUEST_FORM_ID,
          },
        ],
        actions: [
          {
            id: 'close',
            label: t('Close the request', 'Clôturer la demande', 'Închideți cererea', 'إغلاق الطلب'),
            route: 'close_request',
            params: { requestId: 'data.id' },
            form: {
              schema: {
                type: 'object',
                required: ['reason'],
                properties: { reason: reason(t('Why it is closed', 'Pourquoi elle est clôturée', 'De ce se închide', 'سبب الإغلاق')) },
              },
            },
            confirm: t(
              'Close this request without a match? No candidate can be confirmed afterwards.',
              'Clôturer cette demande sans enfant retrouvé ? Aucun candidat ne pourra plus être confirmé.',
              'Închideți această cerere fără potrivire? Niciun candidat nu mai poate fi confirmat după aceea.',
              'هل تريد إغلاق هذا الطلب دون مطابقة؟ لن يمكن تأكيد أي مرشَّح بعد ذلك.',
            ),
            when: isOpen,
            done: t('Request closed.', 'Demande clôturée.', 'Cerere închisă.', 'تم إغلاق الطلب.'),
          },
        ],
      },
    },
    {
      id: 'candidates',
      title: t('Candidate children', 'Enfants candidats', 'Copii candidați', 'الأطفال المرشَّحون'),
      params: ['requestId'],
      view: {
        kind: 'detail',
        source: 'list_matches',
        heading: 'data.request.reference',
        sections: [
          {
            kind: 'fields',
            fields: [{ value: 'data.request.status', label: t('Request', 'Demande', 'Cerere', 'الطلب'), labels: REQUEST_STATUS }],
          },
          {
            kind: 'link',
            text: t('Back to the request', 'Retour à la demande', 'Înapoi la cerere', 'العودة إلى الطلب'),
            screen: 'request',
            params: { requestId: 'data.request.id' },
          },
          {
            kind: 'table',
            title: t(
              'Children who may be the one sought',
              "Enfants qui pourraient être l'enfant recherché",
              'Copii care ar putea fi cel căutat',
              'أطفال قد يكونون الطفل المبحوث عنه',
            ),
            value: 'data.candidates',
            columns: [
              { value: 'row.caseNumber', label: t('Case', 'Cas', 'Caz', 'الحالة'), caseLink: 'row.caseId' },
              { value: 'row.childName', label: t('Child', 'Enfant', 'Copil', 'الطفل') },
              { value: 'row.location.label', label: t('Where', 'Où', 'Unde', 'المكان') },
              { value: 'row.score', label: t('Likeness', 'Ressemblance', 'Asemănare', 'درجة التشابه'), format: 'percent' },
              { value: 'row.reasons', label: t('Why', 'Pourquoi', 'De ce', 'الأسباب'), format: 'list', item: 'detail' },
              { value: 'row.status', label: t('Decision', 'Décision', 'Decizie', 'القرار'), labels: MATCH_STATUS },
              { value: 'row.decisionReason', label: t('Reason given', 'Motif donné', 'Motivul dat', 'السبب المذكور') },
            ],
            empty: t(
              'No candidate you may see: children are proposed only where their tracing consent is granted and you may read their case.',
              'Aucun candidat visible pour vous : un enfant est proposé seulement si son consentement à la recherche est accordé et si vous pouvez lire son cas.',
              'Niciun candidat pe care îl puteți vedea: copiii sunt propuși doar dacă acordul pentru căutare este dat și le puteți citi cazul.',
              'لا يوجد مرشَّح يمكنك رؤيته: لا يُقترح الطفل إلا إذا مُنحت الموافقة على البحث وكان بإمكانك الاطلاع على حالته.',
            ),
            rowActions: [
              {
                id: 'decide',
                label: t('Decide', 'Décider', 'Decideți', 'اتخاذ القرار'),
                route: 'decide_match',
                params: { matchId: 'row.id' },
                form: {
                  schema: {
                    type: 'object',
                    required: ['decision', 'reason'],
                    properties: {
                      decision: {
                        type: 'string',
                        enum: Object.keys(DECISIONS),
                        'x-label': t('Decision', 'Décision', 'Decizie', 'القرار'),
                        'x-enumLabels': DECISIONS,
                      },
                      reason: reason(t('Reason', 'Motif', 'Motiv', 'السبب')),
                    },
                  },
                },
                when: [
                  { value: 'row.status', in: ['proposed'] },
                  { value: 'data.request.status', in: ['open'] },
                ],
                done: t('Decision recorded.', 'Décision enregistrée.', 'Decizie înregistrată.', 'تم تسجيل القرار.'),
              },
            ],
          },
        ],
      },
    },
  ];
}
