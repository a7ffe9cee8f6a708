import { Link } from '../router';
import { useApi } from '../use-api';
import { Dhis2Status, useDhis2T } from './dhis2-texts';

/** The reports page's way to the DHIS2 screen, for anyone who reads reports, when the pack reports to DHIS2. */
export function Dhis2ReportsLink() {
  const t = useDhis2T();
  const status = useApi<Dhis2Status>('/api/dhis2/status');
  if (!status.data?.configured) return null;
  return (
    <p>
      <Link href="/admin/dhis2">{t('dhis2.title')}</Link>
    </p>
  );
}
