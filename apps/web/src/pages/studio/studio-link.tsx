import { Link } from '../../router';
import { useStudioT } from './studio-texts';

/** From the pack page (administrators only) to the studio, where a draft of the pack is edited. */
export function StudioLink() {
  const t = useStudioT();
  return (
    <p>
      <Link href="/admin/studio">{t('studio.link')}</Link>
    </p>
  );
}
