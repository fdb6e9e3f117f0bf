import { MissingPage } from '@/components/app-shell/missing-page';

export default function ExperimentNotFound() {
  return <MissingPage noun="Experiment" list={{ label: 'Experiments', href: '/experiments' }} />;
}
