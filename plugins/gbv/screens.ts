import type { PluginScreen, ScreenField, Translated } from '@app/plugin-sdk';
import { CONSENT_DECISIONS, CONSENT_GIVERS } from './consent';
import { INCIDENT_FORM } from './model';
import type { GbvSettings } from './settings';

/**
 * What GBV staff see and do in the web app: incidents (everywhere the user may read them, and on
 * the survivor's case page), one incident with the survivor's consent and referrals. Details are
 * the route's to withhold: an untrained reader gets existence only, and the screens say so.
 */

const t = (en: string, fr: string, ro: string, ar: string): Translated => ({ en, fr, ro, ar });

const INCIDENT_STATUS = { open: t('Open', 'Ouvert', 'Deschis', 'مفتوح'), closed: t('Closed', 'Clôturé', 'Închis', 'مغلق') };
const REFERRAL_STATUS = {
  sent: t('Sent', 'Envoyée', 'Trimisă', 'مُرسلة'),
  accepted: t('Accepted', 'Acceptée', 'Acceptată', 'مقبولة'),
  declined: t('Declined', 'Refusée', 'Refuzată', 'مرفوضة'),
  completed: t('Completed', 'Terminée', 'Finalizată', 'مكتملة'),
};
const CONSENT_STATE = {
  granted: t('Granted', 'Accordé', 'Acordat', 'ممنوحة'),
  refused: t('Refused', 'Refusé', 'Refuzat', 'مرفوضة'),
  withdrawn: t('Withdrawn', 'Retiré', 'Retras', 'مسحوبة'),
  unknown: t('Not asked yet', 'Pas encore demandé', 'Încă nu a fost cerut', 'لم يُطلب بعد'),
};
const DECISION_VERB = {
  granted: t('Gives consent', 'Donne son consentement', 'Își dă acordul', 'تمنح الموافقة'),
  refused: t('Refuses', 'Refuse', 'Refuză', 'ترفض'),
  withdrawn: t('Withdraws consent', 'Retire son consentement', 'Își retrage acordul', 'تسحب الموافقة'),
};
const GIVERS = {
  survivor: t('The survivor', 'La survivante', 'Supraviețuitoarea', 'الناجية'),
  caregiver: t('A caregiver', 'Un parent ou tuteur', 'Un îngrijitor', 'مقدّم الرعاية'),
};
/** Labels of the default purposes, methods and service types; a pack's own ids show as written. */
const PURPOSES: Record<string, Translated> = {
  health: t('Health care', 'Soins de santé', 'Asistență medicală', 'الرعاية الصحية'),
  psychosocial: t('Psychosocial support', 'Soutien psychosocial', 'Sprijin psihosocial', 'الدعم النفسي والاجتماعي'),
  legal: t('Legal aid', 'Aide juridique', 'Asistență juridică', 'المساعدة القانونية'),
  safety: t('Safety and shelter', 'Sécurité et hébergement', 'Siguranță și adăpost', 'السلامة والمأوى'),
  police: t('Police', 'Police', 'Poliție', 'الشرطة'),
  data_sharing: t('Sharing data', 'Partage des données', 'Partajarea datelor', 'مشاركة البيانات'),
};
const METHODS: Record<string, Translated> = {
  verbal: t('Verbal', 'Oral', 'Verbal', 'شفهيًا'),
  written: t('Written', 'Écrit', 'În scris', 'كتابيًا'),
  thumbprint: t('Thumbprint', 'Empreinte du pouce', 'Amprentă', 'بصمة الإبهام'),
  electronic: t('Electronic', 'Électronique', 'Electronic', 'إلكترونيًا'),
};

/** An id without a label reads as words ("safe_accommodation" → "Safe accommodation") rather than a code. */
const words = (id: string) => id.charAt(0).toUpperCase() + id.slice(1).replace(/_/g, ' ');
const labelsOf = (ids: readonly string[], known: Record<string, Translated>) => Object.fromEntries(ids.map((id) => [id, known[id] ?? { en: words(id) }]));
const choice = (label: Translated, ids: readonly string[], known: Record<string, Translated>) => ({
  type: 'string',
  enum: [...ids],
  'x-label': label,
  'x-enumLabels': labelsOf(ids, known),
});

const recordedAt: ScreenField = { value: 'row.recordedAt', label: t('Recorded', 'Enregistré', 'Înregistrat', 'تاريخ التسجيل'), format: 'datetime' };
const status: ScreenField = { value: 'row.status', label: t('Status', 'Statut', 'Stare', 'الحالة'), labels: INCIDENT_STATUS };
const incidentType: ScreenField = {
  value: 'row.details.incidentTypeLabel',
  label: t('Type of incident', "Type d'incident", 'Tipul incidentului', 'نوع الحادثة'),
};
const incidentDate: ScreenField = {
  value: 'row.details.incidentDate',
  label: t('Date of incident', "Date de l'incident", 'Data incidentului', 'تاريخ الحادثة'),
  format: 'date',
};
const referrals: ScreenField = { value: 'row.referralCount', label: t('Referrals', 'Orientations', 'Referiri', 'الإحالات'), format: 'number' };
const openIncident = { screen: 'incident', params: { incidentId: 'row.id' } };
const EMPTY = t('No incident recorded.', 'Aucun incident enregistré.', 'Niciun incident înregistrat.', 'لا توجد حوادث مسجّلة.');
const detailsShown = { value: 'data.detailsHidden', in: [false] };
const isOpen = { value: 'data.status', in: ['open'] };

export function gbvScreens(settings: GbvSettings): PluginScreen[] {
  // The pack's own labels win over the plugin's for the same id.
  const purposes = { ...PURPOSES, ...(settings.labels ?? {}) };
  const methods = { ...METHODS, ...(settings.labels ?? {}) };
  return [
    {
      id: 'incidents',
      title: t('GBV incidents', 'Incidents de VBG', 'Incidente de violență bazată pe gen', 'حوادث العنف القائم على النوع الاجتماعي'),
      placement: ['menu', 'home'],
      view: {
        kind: 'list',
        source: 'list_incidents',
        columns: [
          { value: 'row.caseNumber', label: t('Case', 'Cas', 'Caz', 'الحالة'), caseLink: 'row.caseId' },
          recordedAt,
          incidentType,
          incidentDate,
          status,
          referrals,
        ],
        empty: EMPTY,
        open: openIncident,
        filters: [
          {
            query: 'status',
            label: t('Status', 'Statut', 'Stare', 'الحالة'),
            options: Object.entries(INCIDENT_STATUS).map(([value, label]) => ({ value, label })),
          },
        ],
        paging: { next: 'nextCursor', query: 'cursor' },
      },
    },
    {
      id: 'case_incidents',
      title: t('GBV incidents', 'Incidents de VBG', 'Incidente de violență bazată pe gen', 'حوادث العنف القائم على النوع الاجتماعي'),
      placement: ['case'],
      params: ['caseId'],
      view: {
        kind: 'list',
        source: 'list_case_incidents',
        columns: [recordedAt, incidentType, incidentDate, status, referrals],
        empty: EMPTY,
        open: openIncident,
        paging: { next: 'nextCursor', query: 'cursor' },
        actions: [
          {
            id: 'record',
            label: t('Record an incident', 'Enregistrer un incident', 'Înregistrați un incident', 'تسجيل حادثة'),
            route: 'record_incident',
            params: { caseId: 'params.caseId' },
            form: { form: INCIDENT_FORM },
            done: t('Incident recorded.', 'Incident enregistré.', 'Incident înregistrat.', 'تم تسجيل الحادثة.'),
            then: { screen: 'incident', params: { incidentId: 'result.id' } },
          },
        ],
      },
    },
    {
      id: 'incident',
      title: t('GBV incident', 'Incident de VBG', 'Incident de violență bazată pe gen', 'حادثة عنف قائم على النوع الاجتماعي'),
      params: ['incidentId'],
      view: {
        kind: 'detail',
        source: 'get_incident',
        heading: 'data.caseNumber',
        sections: [
          {
            kind: 'notice',
            text: t(
              'The details of this incident are shown only to staff trained in GBV case management.',
              "Les détails de cet incident ne sont montrés qu'au personnel formé à la gestion des cas de VBG.",
              'Detaliile acestui incident sunt afișate doar personalului instruit în gestionarea cazurilor de violență bazată pe gen.',
              'لا تُعرض تفاصيل هذه الحادثة إلا للموظفين المدرَّبين على إدارة حالات العنف القائم على النوع الاجتماعي.',
            ),
            when: { value: 'data.detailsHidden', in: [true] },
          },
          {
            kind: 'fields',
            fields: [
              { value: 'data.caseNumber', label: t('Case', 'Cas', 'Caz', 'الحالة'), caseLink: 'data.caseId' },
              { ...recordedAt, value: 'data.recordedAt' },
              { ...status, value: 'data.status' },
              { ...referrals, value: 'data.referralCount' },
            ],
          },
          {
            kind: 'answers',
            title: t('What was recorded', 'Ce qui a été enregistré', 'Ce s-a înregistrat', 'ما تم تسجيله'),
            value: 'data.details.answers',
            form: INCIDENT_FORM,
            when: detailsShown,
          },
          {
            kind: 'table',
            title: t("The survivor's consent", 'Consentement de la survivante', 'Acordul supraviețuitoarei', 'موافقة الناجية'),
            value: 'data.details.consents',
            columns: [
              { value: 'row.key', label: t('Purpose', 'Objet', 'Scop', 'الغرض'), labels: labelsOf(settings.consentPurposes, purposes) },
              { value: 'row.value', label: t('Decision', 'Décision', 'Decizie', 'القرار'), labels: CONSENT_STATE },
            ],
            empty: t('No consent purpose.', 'Aucun objet de consentement.', 'Niciun scop al acordului.', 'لا توجد أغراض للموافقة.'),
            when: detailsShown,
          },
          {
            kind: 'table',
            title: t('Referrals', 'Orientations', 'Referiri', 'الإحالات'),
            value: 'data.details.referrals',
            columns: [
              { value: 'row.serviceType', label: t('Service', 'Service', 'Serviciu', 'الخدمة'), labels: labelsOf(settings.serviceTypes, purposes) },
              { value: 'row.providerName', label: t('Provider', 'Prestataire', 'Prestator', 'مقدّم الخدمة') },
              { value: 'row.status', label: t('Status', 'Statut', 'Stare', 'الحالة'), labels: REFERRAL_STATUS },
              { value: 'row.createdAt', label: t('Made', 'Faite le', 'Făcută', 'تاريخ الإحالة'), format: 'datetime' },
            ],
            empty: t('No referral yet.', "Pas encore d'orientation.", 'Nicio referire încă.', 'لا توجد إحالات بعد.'),
            when: detailsShown,
            rowActions: (['accepted', 'declined', 'completed'] as const).map((to) => ({
              id: `mark_${to}`,
              label: t(
                `Mark ${REFERRAL_STATUS[to].en.toLowerCase()}`,
                `Marquer ${REFERRAL_STATUS[to].fr.toLowerCase()}`,
                `Marcați ${REFERRAL_STATUS[to].ro.toLowerCase()}`,
                `وضع علامة: ${REFERRAL_STATUS[to].ar}`,
              ),
              route: 'update_referral',
              params: { referralId: 'row.id' },
              body: { status: to },
              when: { value: 'row.status', in: to === 'accepted' ? ['sent'] : ['sent', 'accepted'] },
              done: t('Referral updated.', 'Orientation mise à jour.', 'Referire actualizată.', 'تم تحديث الإحالة.'),
            })),
          },
        ],
        actions: [
          {
            id: 'record_consent',
            label: t('Record consent', 'Enregistrer le consentement', 'Înregistrați acordul', 'تسجيل الموافقة'),
            route: 'record_consent',
            params: { incidentId: 'data.id' },
            form: {
              schema: {
                type: 'object',
                required: ['purpose', 'decision', 'givenBy', 'method'],
                properties: {
                  purpose: choice(t('For what', 'Pour quoi', 'Pentru ce', 'لأيّ غرض'), settings.consentPurposes, purposes),
                  decision: choice(t('Decision', 'Décision', 'Decizie', 'القرار'), CONSENT_DECISIONS, DECISION_VERB),
                  givenBy: choice(t('Given by', 'Donné par', 'Dat de', 'مقدَّمة من'), CONSENT_GIVERS, GIVERS),
                  method: choice(t('How', 'Comment', 'Cum', 'الطريقة'), settings.consentMethods, methods),
                },
              },
            },
            when: [detailsShown, isOpen],
            done: t('Consent recorded.', 'Consentement enregistré.', 'Acord înregistrat.', 'تم تسجيل الموافقة.'),
          },
          {
            id: 'refer',
            label: t('Refer to a service', 'Orienter vers un service', 'Referiți către un serviciu', 'إحالة إلى خدمة'),
            route: 'make_referral',
            params: { incidentId: 'data.id' },
            form: {
              schema: {
                type: 'object',
                required: ['serviceType', 'providerName'],
                properties: {
                  serviceType: choice(t('Service', 'Service', 'Serviciu', 'الخدمة'), settings.serviceTypes, purposes),
                  providerName: { type: 'string', minLength: 1, maxLength: 200, 'x-label': t('Provider', 'Prestataire', 'Prestator', 'مقدّم الخدمة') },
                  notes: { type: 'string', maxLength: 2000, 'x-label': t('Notes', 'Notes', 'Note', 'ملاحظات') },
                },
              },
            },
            when: [detailsShown, isOpen],
            done: t('Referral made.', 'Orientation faite.', 'Referire făcută.', 'تمت الإحالة.'),
          },
          {
            id: 'close',
            label: t('Close the incident', "Clôturer l'incident", 'Închideți incidentul', 'إغلاق الحادثة'),
            route: 'update_incident_status',
            params: { incidentId: 'data.id' },
            body: { status: 'closed' },
            confirm: t(
              'Close this incident? No new referral can be made until it is reopened.',
              "Clôturer cet incident ? Aucune nouvelle orientation n'est possible avant sa réouverture.",
              'Închideți acest incident? Nu se mai pot face referiri până la redeschidere.',
              'هل تريد إغلاق هذه الحادثة؟ لا يمكن إجراء إحالة جديدة حتى يُعاد فتحها.',
            ),
            when: [detailsShown, isOpen],
            done: t('Incident closed.', 'Incident clôturé.', 'Incident închis.', 'تم إغلاق الحادثة.'),
          },
          {
            id: 'reopen',
            label: t('Reopen the incident', "Rouvrir l'incident", 'Redeschideți incidentul', 'إعادة فتح الحادثة'),
            route: 'update_incident_status',
            params: { incidentId: 'data.id' },
            body: { status: 'open' },
            when: [detailsShown, { value: 'data.status', in: ['closed'] }],
            done: t('Incident reopened.', 'Incident rouvert.', 'Incident redeschis.', 'تمت إعادة فتح الحادثة.'),
          },
        ],
      },
    },
  ];
}
