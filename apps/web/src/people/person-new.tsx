import { useState } from 'react';
import { Loading, Problem } from '../components/problem';
import { Link } from '../router';
import { OneTimeCode } from './one-time-code';
import { PasswordCode, Person, usePeopleT } from './people-texts';
import { PersonForm } from './person-form';
import { usePeoplePack } from './use-people-pack';
import './people.css';

/** A new user: their details, then the one-time code to hand over (never a default password). */
export default function PersonNewPage() {
  const t = usePeopleT();
  const { sop, names, reach, error } = usePeoplePack();
  const [created, setCreated] = useState<{ user: Person; passwordCode: PasswordCode } | null>(null);
  if (error) return <Problem error={error} />;
  if (!sop || !names || !reach) return <Loading />;
  return (
    <div className="people">
      <p>
        <Link href="/people">{t('people.back')}</Link>
      </p>
      <h1>{t('people.createTitle')}</h1>
      {created ? (
        <>
          <p role="status">{t('people.created', { name: created.user.displayName })}</p>
          <OneTimeCode code={created.passwordCode} username={created.user.username} />
          <div className="actions">
            <Link href={`/people/${created.user.id}`} className="button">
              {t('people.openUser', { name: created.user.displayName })}
            </Link>
          </div>
        </>
      ) : (
        <PersonForm sop={sop} names={names} reach={reach} person={null} onSaved={(a) => setCreated(a as { user: Person; passwordCode: PasswordCode })} />
      )}
    </div>
  );
}
