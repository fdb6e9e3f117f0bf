import { redirect } from 'next/navigation';
import { requirePagePrincipal } from '@/lib/server/page-guard';

export default async function Home() {
  await requirePagePrincipal();
  redirect('/datasets');
}
