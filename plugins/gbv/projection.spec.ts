import type { IncidentRow, ReferralRow } from './model';
import { projectIncident, projectSummary, shownFields } from './projection';

const row: IncidentRow = {
  id: '11111111-1111-4111-8111-111111111111',
  caseId: '22222222-2222-4222-8222-222222222222',
  caseNumber: 'MD-CH-2026-000042',
  status: 'open',
  formVersion: 1,
  answers: {
    incident_type: 'physical_assault',
    incident_date: '2026-02-20',
    date_reported: '2026-02-21',
    alleged_perpetrator_relationship: 'intimate_partner',
    narrative: 'He hit me at home.',
  },
  recordedAt: new Date('2026-02-21T09:30:00Z'),
  recordedBy: '33333333-3333-4333-8333-333333333333',
  updatedAt: new Date('2026-02-22T10:00:00Z'),
  referralCount: 2,
};

const referral: ReferralRow = {
  id: '44444444-4444-4444-8444-444444444444',
  incidentId: row.id,
  serviceType: 'health',
  purpose: 'health',
  providerName: 'Clinic',
  notes: null,
  status: 'sent',
  createdAt: new Date('2026-02-21T10:00:00Z'),
  createdBy: row.recordedBy,
  updatedAt: new Date('2026-02-21T10:00:00Z'),
  updatedBy: row.recordedBy,
};

const EXISTENCE = {
  id: row.id,
  caseId: row.caseId,
  caseNumber: 'MD-CH-2026-000042',
  recordedAt: '2026-02-21T09:30:00.000Z',
  status: 'open',
  referralCount: 2,
};

describe('incident projection', () => {
  it('shows a user without GBV training only that the incident exists', () => {
    for (const view of [
      projectIncident(row, { trained: false, locale: 'en', formId: 'gbv_incident', referrals: [referral] }),
      projectSummary(row, { trained: false, locale: 'en' }),
    ]) {
      expect(view).toEqual({ ...EXISTENCE, details: null, detailsHidden: true });
      const text = JSON.stringify(view);
      for (const secret of ['physical_assault', 'intimate_partner', 'hit me', '2026-02-20', 'Clinic']) expect(text).not.toContain(secret);
    }
  });

  it('gives a trained user every answer, with consent and referrals when asked', () => {
    const view = projectIncident(row, {
      trained: true,
      locale: 'fr',
      formId: 'gbv_incident',
      consents: { health: 'granted', police: 'refused' },
      referrals: [referral],
    });
    expect(view).toEqual({
      ...EXISTENCE,
      detailsHidden: false,
      details: {
        incidentType: 'physical_assault',
        incidentTypeLabel: 'Agression physique',
        incidentDate: '2026-02-20',
        formId: 'gbv_incident',
        formVersion: 1,
        answers: row.answers,
        recordedBy: row.recordedBy,
        updatedAt: '2026-02-22T10:00:00.000Z',
        consents: { health: 'granted', police: 'refused' },
        referrals: [
          {
            id: referral.id,
            incidentId: row.id,
            serviceType: 'health',
            purpose: 'health',
            providerName: 'Clinic',
            notes: null,
            status: 'sent',
            createdAt: '2026-02-21T10:00:00.000Z',
            createdBy: row.recordedBy,
            updatedAt: '2026-02-21T10:00:00.000Z',
          },
        ],
      },
    });
    // A copy: callers changing the view do not change the row.
    (view.details!.answers as any).narrative = 'changed';
    expect(row.answers.narrative).toBe('He hit me at home.');
  });

  it('lists a trained user the type and date only, never the account or the perpetrator', () => {
    const view = projectSummary(row, { trained: true, locale: 'ro' });
    expect(view.details).toEqual({ incidentType: 'physical_assault', incidentTypeLabel: 'Agresiune fizică', incidentDate: '2026-02-20' });
    expect(JSON.stringify(view)).not.toContain('intimate_partner');
    expect(JSON.stringify(view)).not.toContain('hit me');
  });

  it('names the fields shown, for the audit log', () => {
    expect(shownFields(projectSummary(row, { trained: false, locale: 'en' }), 'gbv_incident')).toEqual([]);
    expect(shownFields(projectSummary(row, { trained: true, locale: 'en' }), 'gbv_incident')).toEqual([
      'gbv_incident.incident_type',
      'gbv_incident.incident_date',
    ]);
    expect(shownFields(projectIncident(row, { trained: true, locale: 'en', formId: 'gbv_incident' }), 'gbv_incident')).toHaveLength(5);
  });
});
