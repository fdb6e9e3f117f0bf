import { MissingPage } from '@/components/app-shell/missing-page';

export default function DatasetNotFound() {
  return <MissingPage noun="Dataset" list={{ label: 'Datasets', href: '/datasets' }} />;
}
