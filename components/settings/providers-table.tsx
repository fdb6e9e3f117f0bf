import type { ProviderSummary } from '@/lib/providers/connections';
import { Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { formatInt } from '@/components/format';

type Row = Omit<ProviderSummary, 'createdAt'>;

export function ProvidersTable({ providers }: { providers: Row[] }) {
  return (
    <Table aria-label="Provider connections">
      <THead>
        <tr>
          <Th>Name</Th>
          <Th>Base URL</Th>
          <Th>Key stored</Th>
          <Th numeric>Requests / min</Th>
        </tr>
      </THead>
      <tbody>
        {providers.map((p) => (
          <Tr key={p.id}>
            <Td className="font-medium">
              {p.name}
              {p.isSimulator && <span className="ml-2 rounded bg-zinc-100 px-1.5 py-0.5 text-xs font-normal text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">built-in</span>}
            </Td>
            <Td><span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{p.baseUrl}</span></Td>
            <Td>{p.hasApiKey ? 'Yes' : <span className="text-zinc-500 dark:text-zinc-400">No</span>}</Td>
            <Td numeric>{p.requestsPerMinute ? formatInt(p.requestsPerMinute) : <span className="text-zinc-400">unlimited</span>}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
