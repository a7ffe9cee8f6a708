import { Link } from '../router';
import { useVersionsT } from './pack-versions-texts';

/** From the pack page to its published versions (compare, download, import bundles). */
export function PackVersionsLink() {
  const t = useVersionsT();
  return (
    <p>
      <Link href="/admin/pack/versions">{t('versions.link')}</Link>
    </p>
  );
}
