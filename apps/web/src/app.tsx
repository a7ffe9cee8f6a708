import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { PageBoundary } from './components/page-boundary';
import { api, getToken, hasToken, OfflineError, onSignedOut, setApiLocale, setToken } from './api';
import { Loading } from './components/problem';
import { applyLocale, initialLocale, LOCALES, translate } from './i18n';
import { IntakeQueue } from './components/intake-queue';
import { mayAuthoriseReferrals } from './components/case-actions/referral-authorisation';
import { HomePage } from './pages/home';
import { LoginPage } from './pages/login';
import { NotFoundPage } from './pages/not-found';
import { TwoFactorSetupPage } from './pages/two-factor';
import { Link, match, navigate, usePath } from './router';
import { AppContext, AppState, Me } from './session';
import { HeldNavLink } from './offline/held-nav-link';
import { currentSop } from './sop';
import type { PluginScreenView } from './plugin-screens/screen-types';
import { screenHref } from './plugin-screens/screen-values';
import { auditTranslate } from './audit/audit-texts';
import { dhis2Translate } from './dhis2/dhis2-texts';
import { webhooksTranslate } from './webhooks/webhooks-texts';
import { caseImportTranslate } from './case-import/case-import-texts';
import { peopleTranslate } from './people/people-texts';
import { restoreSession } from './offline/offline-api';
import { offlineStore } from './offline/offline-store';
import { offlineTranslate } from './offline/offline-texts';
import { OfflineIndicator } from './offline/offline-indicator';
import { SessionEndedPanel, UnlockPage } from './offline/unlock-page';
import { startAutoSync, syncNow } from './offline/sync-runner';
import { useOffline } from './offline/use-offline';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DASHBOARD_ID = /^[A-Za-z][A-Za-z0-9_.-]*$/;

// Pages with forms load the form renderer; the sign-in and home pages stay small.
const CasePage = lazy(() => import('./pages/case-page'));
const RegisterPage = lazy(() => import('./pages/register'));
const ReferralPage = lazy(() => import('./pages/referral-page'));
const AdminPackPage = lazy(() => import('./pages/admin-pack'));
const AdminPackVersionsPage = lazy(() => import('./pages/admin-pack-versions'));
const SimulationPage = lazy(() => import('./pages/simulation/simulation-page'));
const StudioPage = lazy(() => import('./pages/studio/studio-page'));
const ReportsPage = lazy(() => import('./pages/reports-page'));
const CasePrintPage = lazy(() => import('./pages/case-print'));
const CaseListPage = lazy(() => import('./pages/case-list'));
const TasksPage = lazy(() => import('./pages/tasks-page'));
const TeamPage = lazy(() => import('./pages/team-page'));
const ApprovalsPage = lazy(() => import('./pages/approvals-page'));
const ReferralsToAuthorisePage = lazy(() => import('./pages/referrals-to-authorise'));
const PluginScreenPage = lazy(() => import('./pages/plugin-screen-page'));
const PeopleListPage = lazy(() => import('./people/people-list'));
const PersonNewPage = lazy(() => import('./people/person-new'));
const PersonPage = lazy(() => import('./people/person-page'));
const PeopleImportPage = lazy(() => import('./people-import/people-import-page'));
const SetPasswordPage = lazy(() => import('./people/set-password'));
const ProfilePage = lazy(() => import('./pages/profile-page'));
const HeldChangesPage = lazy(() => import('./offline/held-changes-page'));
const FirstRunPage = lazy(() => import('./pages/first-run'));
const ServiceDirectoryPage = lazy(() => import('./pages/service-directory-page'));
const AuditLogPage = lazy(() => import('./audit/audit-log-page'));
const Dhis2Page = lazy(() => import('./dhis2/dhis2-page'));
const WebhooksPage = lazy(() => import('./webhooks/webhooks-page'));
const CaseImportPage = lazy(() => import('./case-import/case-import-page'));
const MigrationPage = lazy(() => import('./pages/migration/migration-page'));
const OfflinePage = lazy(() => import('./offline/offline-page'));

export function App() {
  // API calls take the language from api.ts: set there before any page's first request, and on a
  // change before the pages re-render and refetch (their effects run before this component's).
  const [locale, setLocaleState] = useState(() => {
    const initial = initialLocale();
    setApiLocale(initial);
    return initial;
  });
  const setLocale = useCallback((value: string) => {
    setApiLocale(value);
    setLocaleState(value);
    // Kept in the profile too: what is written for the user later (messages, e-mails) follows it.
    if (hasToken()) api('POST', '/api/auth/language', { locale: value }).catch(() => undefined);
  }, []);
  const [me, setMe] = useState<Me | null>(null);
  const [checked, setChecked] = useState(!hasToken());
  // A device with offline work set up asks for its PIN before anything (offline/unlock-page.tsx).
  const offline = useOffline();
  const [offlineChecked, setOfflineChecked] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    void offlineStore.init().finally(() => setOfflineChecked(true));
    startAutoSync();
    // Use of the app keeps the device's data unlocked; inactivity locks it (the pack's lockAfterMinutes).
    const touch = () => offlineStore.touch();
    window.addEventListener('pointerdown', touch);
    window.addEventListener('keydown', touch);
    return () => {
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
    };
  }, []);
  const path = usePath();
  // A page is its path without the query: the case list's filters change the query, not the page (it keeps focus and state).
  const pagePath = path.split('?')[0];
  const [isAdmin, setIsAdmin] = useState(false);
  const [isPeopleAdmin, setIsPeopleAdmin] = useState(false);
  const [isApprover, setIsApprover] = useState(false);
  const [isAuthoriser, setIsAuthoriser] = useState(false);
  const [timeZone, setTimeZone] = useState<string | undefined>(undefined);
  const [hasReports, setHasReports] = useState(false);
  // A new installation without users shows only its first-run page (GET /api/setup, asked before anyone signs in).
  const [setup, setSetup] = useState<{ required: boolean; locales: string[] } | null>(null);
  useEffect(() => {
    if (hasToken()) return;
    api<{ required: boolean; locales: string[] }>('GET', '/api/setup')
      .then(setSetup)
      .catch(() => setSetup(null));
  }, []);

  useEffect(() => {
    applyLocale(locale);
  }, [locale]);
  // A new page: screen readers and keyboard users start at its content, not where the old one was.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus();
  }, [pagePath]);
  // Roles the pack marks `administer` see the pack page in the menu (the API checks every call anyway).
  // Case dates are shown in the pack's time zone, so everyone sees a deadline on the same day.
  useEffect(() => {
    if (!me) {
      setIsAdmin(false);
      setIsPeopleAdmin(false);
      setIsApprover(false);
      setIsAuthoriser(false);
      return;
    }
    currentSop(locale)
      .then((sop) => {
        // `administer: true` administers the pack; a delegated `administer: { scope, roles }` administers people only.
        setIsAdmin(sop.roles.some((r: any) => r.administer === true && me.roles.includes(r.id)));
        setIsPeopleAdmin(sop.roles.some((r: any) => !!r.administer && me.roles.includes(r.id)));
        // Approvals in the menu for roles the pack lets approve some step.
        setIsApprover(sop.workflow.transitions.some((tr: any) => tr.approval?.roles?.some((r: string) => me.roles.includes(r))));
        // Referrals to authorise in the menu for roles the pack lets authorise some referral.
        setIsAuthoriser(mayAuthoriseReferrals(sop, me.roles));
        setTimeZone(sop.manifest.timezone ?? 'UTC');
      })
      .catch(() => setIsAdmin(false));
  }, [me, locale]);

  // Reports in the menu for roles with a dashboard: one small request per sign-in, after the first page.
  useEffect(() => {
    // Only for roles some rule lets read reports (GET /api/auth/me): others would get 403.
    if (!me?.capabilities?.reports) {
      setHasReports(false);
      return;
    }
    let live = true;
    api<unknown[]>('GET', '/api/reports/dashboards')
      .then((d) => {
        if (live) setHasReports(d.length > 0);
      })
      .catch(() => {
        if (live) setHasReports(false);
      });
    return () => {
      live = false;
    };
  }, [me]);

  // Plugins' screens in the menu (e.g. GBV incidents), for users who may use them; titles in the user's language.
  const [pluginMenu, setPluginMenu] = useState<PluginScreenView[]>([]);
  useEffect(() => {
    if (!me || me.twoFactor.enrolmentRequired) {
      setPluginMenu([]);
      return;
    }
    let live = true;
    api<PluginScreenView[]>('GET', '/api/plugin-screens?placement=menu')
      .then((list) => live && setPluginMenu(list))
      .catch(() => live && setPluginMenu([]));
    return () => {
      live = false;
    };
  }, [me, locale]);

  const signedIn = useCallback(async () => {
    try {
      setMe(await api<Me>('GET', '/api/auth/me'));
    } catch (e) {
      // No connection: the session stays, for the device's PIN to open offline work with it.
      if (!(e instanceof OfflineError)) setToken(null);
      if (!(e instanceof OfflineError && offlineStore.unlocked)) setMe(null);
    } finally {
      setChecked(true);
    }
  }, []);

  useEffect(() => {
    onSignedOut(() => {
      setMe(null);
      navigate('/login', true);
    });
    if (hasToken()) void signedIn();
  }, [signedIn]);

  const signOut = useCallback(async () => {
    if (offlineStore.snapshot().status !== 'none') {
      // What was done offline goes to the server first; what cannot is lost only with the user's consent.
      if (offlineStore.unlocked && offlineStore.snapshot().queued > 0) await syncNow();
      const queued = offlineStore.snapshot().queued;
      if (queued > 0 && !window.confirm(offlineTranslate(locale, 'offline.signOutQueued', { n: queued }))) return;
      await offlineStore.wipe();
    }
    try {
      await api('POST', '/api/auth/logout');
    } catch {
      /* the session ends here anyway */
    }
    setToken(null);
    setMe(null);
    navigate('/login', true);
  }, [locale]);

  const unlocked = useCallback(
    (profile: Parameters<typeof restoreSession>[0]) => {
      setNotice(null);
      // Signed in again after the session ended: the device's queue goes with the new session.
      const token = getToken();
      if (token && token !== profile.token) void offlineStore.renewSession(token);
      restoreSession(profile, hasToken());
      setMe(profile.me);
      setChecked(true);
      // Online: the user as the server now says, and what waits is sent.
      void signedIn().then(() => (navigator.onLine ? syncNow() : undefined));
    },
    [signedIn],
  );
  const forgotten = useCallback((message: string) => {
    setToken(null);
    setMe(null);
    setNotice(message);
    navigate('/login', true);
  }, []);

  const lockedOver = offline.status === 'locked' && !!me;
  const state: AppState = { me, locale, timeZone, setLocale, signedIn, signOut };
  const t = (key: string) => translate(locale, key);

  let page;
  if (!checked || !offlineChecked) page = <Loading />;
  else if (offline.status === 'locked' && offline.sessionEnded && !me)
    page = (
      <>
        <SessionEndedPanel revoked={offline.sessionEnded === 'revoked'} onForgotten={forgotten} />
        {offline.sessionEnded === 'expired' && <LoginPage />}
      </>
    );
  else if (offline.status === 'locked' && !me) page = <UnlockPage onUnlocked={unlocked} onForgotten={forgotten} />;
  else if (!me && setup?.required) page = <FirstRunPage locales={setup.locales} onCreated={() => setSetup(null)} />;
  // Public: a new user sets their password with the one-time code before they can sign in.
  else if (match('/set-password', path)) page = <SetPasswordPage />;
  else if (!me) page = <LoginPage />;
  else if (me.twoFactor.enrolmentRequired) page = <TwoFactorSetupPage />;
  else {
    const caseMatch = match('/cases/:id', path);
    if (match('/cases/new', path)) page = <RegisterPage />;
    else if (match('/admin', path)) page = <AdminPackPage />;
    else if (match('/admin/pack/versions', path)) page = <AdminPackVersionsPage />;
    else if (match('/admin/simulation', path)) page = <SimulationPage />;
    else if (match('/admin/studio', path)) page = <StudioPage />;
    else if (match('/people', path)) page = <PeopleListPage />;
    else if (match('/people/new', path)) page = <PersonNewPage />;
    else if (match('/people/import', path)) page = <PeopleImportPage />;
    else if (match('/people/:id', path) && UUID.test(match('/people/:id', path)!.id)) page = <PersonPage key={path} id={match('/people/:id', path)!.id} />;
    else if (match('/admin/services', path)) page = <ServiceDirectoryPage />;
    else if (match('/admin/dhis2', path)) page = <Dhis2Page canSend={isAdmin} />;
    else if (match('/admin/webhooks', path)) page = <WebhooksPage />;
    else if (match('/admin/import', path)) page = <CaseImportPage />;
    else if (match('/admin/migrations', path)) page = <MigrationPage />;
    else if (match('/profile', path)) page = <ProfilePage />;
    else if (match('/offline', path)) page = <OfflinePage />;
    else if (match('/audit', path) && me.capabilities?.auditLog) page = <AuditLogPage />;
    else if (match('/cases', path)) page = <CaseListPage />;
    else if (match('/tasks', path)) page = <TasksPage />;
    else if (match('/team', path) && me.capabilities?.teamDeadlines) page = <TeamPage />;
    else if (match('/approvals', path)) page = <ApprovalsPage />;
    else if (match('/sync/held', path)) page = <HeldChangesPage team={new URLSearchParams(path.split('?')[1] ?? '').get('scope') === 'team'} />;
    else if (match('/intake', path) && me.capabilities?.intakeQueue) page = <IntakeQueue limit={100} page />;
    else if (match('/reports', path)) page = <ReportsPage />;
    // Like case ids, only a well-formed dashboard id goes into an API path.
    else if (match('/reports/:id', path) && DASHBOARD_ID.test(match('/reports/:id', path)!.id))
      page = <ReportsPage key={path} id={match('/reports/:id', path)!.id} />;
    else if (match('/referrals/to-authorise', path)) page = <ReferralsToAuthorisePage />;
    else if (match('/plugins/:pluginId/:screenId', path)) {
      const { pluginId, screenId } = match('/plugins/:pluginId/:screenId', path)!;
      page = <PluginScreenPage key={path} pluginId={pluginId} screenId={screenId} query={new URLSearchParams(path.split('?')[1] ?? '')} />;
    } else if (match('/referrals/:id', path) && UUID.test(match('/referrals/:id', path)!.id))
      page = <ReferralPage key={path} id={match('/referrals/:id', path)!.id} />;
    else if (match('/cases/:id/print', path) && UUID.test(match('/cases/:id/print', path)!.id))
      page = <CasePrintPage key={path} id={match('/cases/:id/print', path)!.id} />;
    // Only a case id goes into API paths (a crafted link cannot make the page call other endpoints).
    else if (caseMatch && UUID.test(caseMatch.id)) page = <CasePage key={caseMatch.id} id={caseMatch.id} />;
    // The sign-in address lands home once signed in; any other address the app has no page for is said to be unknown.
    else if (match('/', path) || match('/login', path)) page = <HomePage />;
    else page = <NotFoundPage />;
  }

  return (
    <AppContext.Provider value={state}>
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          CMIS
        </Link>
        <nav aria-label={t('nav.label')}>
          {me && <Link href="/">{t('nav.home')}</Link>}
          {me && <Link href="/cases">{t('nav.cases')}</Link>}
          {me && <Link href="/tasks">{t('nav.tasks')}</Link>}
          {me && <HeldNavLink path={pagePath} />}
          {me?.capabilities?.teamDeadlines && <Link href="/team">{t('nav.team')}</Link>}
          {isApprover && <Link href="/approvals">{t('nav.approvals')}</Link>}
          {isAuthoriser && <Link href="/referrals/to-authorise">{t('nav.toAuthorise')}</Link>}
          {me?.capabilities?.intakeQueue && <Link href="/intake">{t('nav.intake')}</Link>}
          {pluginMenu.map((s) => (
            <Link key={`${s.pluginId}/${s.id}`} href={screenHref(s.pluginId, s.id, {})}>
              {s.title}
            </Link>
          ))}
          {hasReports && <Link href="/reports">{t('nav.reports')}</Link>}
          {isPeopleAdmin && <Link href="/people">{peopleTranslate(locale, 'nav.people')}</Link>}
          {me?.capabilities?.auditLog && <Link href="/audit">{auditTranslate(locale, 'nav.auditLog')}</Link>}
          {isAdmin && <Link href="/admin">{t('nav.admin')}</Link>}
          {isAdmin && <Link href="/admin/services">{t('nav.serviceDirectory')}</Link>}
          {isAdmin && <Link href="/admin/dhis2">{dhis2Translate(locale, 'nav.dhis2')}</Link>}
          {isAdmin && <Link href="/admin/webhooks">{webhooksTranslate(locale, 'nav.webhooks')}</Link>}
          {isAdmin && <Link href="/admin/import">{caseImportTranslate(locale, 'nav.caseImport')}</Link>}
          {me && <OfflineIndicator />}
          <label className="lang">
            <span className="visually-hidden">{t('nav.language')}</span>
            <select value={locale} onChange={(e) => setLocale(e.target.value)}>
              {Object.entries(LOCALES).map(([id, l]) => (
                <option key={id} value={id} lang={id}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          {me && (
            <Link href="/profile">
              <bdi>{me.displayName}</bdi>
              <span className="visually-hidden"> — {t('nav.profile')}</span>
            </Link>
          )}
          {me && (
            <button type="button" className="link" onClick={signOut}>
              {t('nav.signOut')}
            </button>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {/* Locked after inactivity: the PIN over the page, which stays as it was (a form half filled keeps its answers). */}
        {lockedOver && <UnlockPage onUnlocked={unlocked} onForgotten={forgotten} />}
        <div hidden={lockedOver}>
          <PageBoundary key={pagePath}>
            <Suspense fallback={<Loading />}>{page}</Suspense>
          </PageBoundary>
        </div>
      </main>
    </AppContext.Provider>
  );
}
