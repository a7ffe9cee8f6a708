import { Link } from '../router';
import { useImportT } from './people-import-texts';

/** The people list's way to the import page. */
export function ImportPeopleLink() {
  const t = useImportT();
  return (
    <Link href="/people/import" className="button">
      {t('import.link')}
    </Link>
  );
}
