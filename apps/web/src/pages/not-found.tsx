import { Link } from '../router';
import { useT } from '../session';

/** An address the app has no page for (a mistyped or outdated link), said as such rather than showing the home page. */
export function NotFoundPage() {
  const t = useT();
  return (
    <section className="card" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
