import { Link } from '../../router';
import { useSimulationT } from './simulation-texts';

/** From the pack page to the simulation (a made-up case through a draft or a version, forms as roles). */
export function SimulationLink() {
  const t = useSimulationT();
  return (
    <p>
      <Link href="/admin/simulation">{t('simulation.link')}</Link>
    </p>
  );
}
