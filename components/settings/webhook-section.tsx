'use client';

import { useEffect, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { deleteWebhookAction, saveWebhookAction, sendTestWebhookAction } from '@/app/settings/webhook-actions';
import {
  WEBHOOK_SECRET_MAX_CHARS, WEBHOOK_SECRET_MIN_CHARS, WEBHOOK_URL_MAX_CHARS, type WebhookDelivery, type WebhookSummary,
} from '@/lib/webhooks/api-schemas';
import { generateWebhookSecret } from '@/lib/webhooks/generate-secret';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field, FormError } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Section } from '@/components/ui/section';
import { useToast } from '@/components/ui/toast';
import { useActionForm } from '@/components/ui/use-action-form';
import { Switch } from '@/components/playground/form-bits';
import { WebhookDeliveriesTable } from './webhook-deliveries-table';

/** While a delivery is pending its row changes on its own: the page is re-read this often. */
const PENDING_REFRESH_MS = 3_000;

/** The install's finished-run webhook: where it posts, its signing secret, on/off, a test, and the latest deliveries. */
export function WebhookSection({ webhook, deliveries }: { webhook: WebhookSummary | null; deliveries: WebhookDelivery[] }) {
  const router = useRouter();
  const toast = useToast();
  const { error, fieldErrors, pending, submit } = useActionForm();
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [secret, setSecret] = useState('');
  const [enabled, setEnabled] = useState(webhook?.enabled ?? true);
  const [testing, setTesting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const removing = useActionForm();
  const anyPending = deliveries.some((d) => d.status === 'PENDING');

  useEffect(() => {
    if (!anyPending) return;
    const timer = setInterval(() => router.refresh(), PENDING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [anyPending, router]);

  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const r = await submit(() => saveWebhookAction({ url: url.trim(), enabled, ...(secret ? { secret } : {}) }));
    if (!r.ok) return;
    setSecret('');
    toast.success('Webhook saved', r.data.enabled ? 'It is called whenever a recorded experiment ends.' : 'It is off: nothing is sent until you turn it on.');
    router.refresh();
  };

  const test = async () => {
    setTesting(true);
    const r = await sendTestWebhookAction({});
    setTesting(false);
    if (!r.ok) toast.error('Could not send a test', r.error);
    else if (r.data.status === 'DELIVERED') toast.success('Test delivered', `The receiver answered HTTP ${r.data.lastHttpStatus}.`);
    else toast.error('Test not delivered', r.data.lastError ?? 'The receiver did not accept it.');
    router.refresh();
  };

  const remove = async () => {
    const r = await removing.submit(() => deleteWebhookAction({}));
    if (!r.ok) return;
    setConfirming(false);
    setUrl('');
    setSecret('');
    toast.success('Webhook removed', 'Nothing is sent any more; the delivery log is kept.');
    router.refresh();
  };

  const copy = () => void navigator.clipboard.writeText(secret).then(() => toast.info('Copied the secret'));

  return (
    <Section
      title="Webhook"
      id="webhook"
      description={<>Called when a recorded experiment ends (completed, stopped or error) with a JSON summary: counts, cost and scores. Each POST carries <code className="font-mono">X-Webhook-Timestamp</code> and <code className="font-mono">X-Webhook-Signature: sha256=</code>HMAC-SHA256 of <code className="font-mono">{'"<timestamp>.<body>"'}</code> with the secret; a 2xx answer counts as delivered, anything else is retried for about 10 minutes.</>}
      actions={webhook && (
        <ConfirmDialog
          open={confirming}
          onOpenChange={setConfirming}
          trigger={<Button size="sm" variant="ghost">Remove</Button>}
          title="Remove the webhook?"
          confirmLabel="Remove"
          pendingLabel="Removing…"
          pending={removing.pending}
          onConfirm={() => void remove()}
          error={removing.error}
        >
          Its URL and secret are deleted and nothing more is sent. Deliveries still waiting end as failed; the log below is kept.
        </ConfirmDialog>
      )}
    >
      <form onSubmit={save} aria-label="Webhook" className="space-y-3">
        <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
          <Field id="webhook-url" label="URL" error={fieldErrors.url}
            hint={`http(s), at most ${WEBHOOK_URL_MAX_CHARS.toLocaleString('en-US')} characters. Private and loopback addresses only if allowed in ALLOWED_PROVIDER_HOSTS.`}>
            <Input id="webhook-url" name="url" type="url" inputMode="url" autoComplete="off" spellCheck={false} required
              placeholder="https://ci.example.com/hooks/experiments" value={url} onChange={(e) => setUrl(e.target.value)}
              aria-invalid={fieldErrors.url ? true : undefined} aria-describedby={fieldErrors.url ? 'webhook-url-error' : undefined} />
          </Field>
          <Field id="webhook-secret" label="Signing secret" error={fieldErrors.secret}
            hint={secret
              ? 'Copy it into your receiver now: once saved, only its last 4 characters are shown.'
              : webhook
                ? <>Stored, ending in <span className="font-mono">…{webhook.secretLast4}</span>. Leave empty to keep it.</>
                : `${WEBHOOK_SECRET_MIN_CHARS}–${WEBHOOK_SECRET_MAX_CHARS} characters; generate one or paste your own.`}>
            <div className="flex gap-2">
              <Input id="webhook-secret" name="secret" autoComplete="off" spellCheck={false} className="font-mono"
                maxLength={WEBHOOK_SECRET_MAX_CHARS} placeholder={webhook ? `…${webhook.secretLast4} (unchanged)` : 'whsec_…'}
                value={secret} onChange={(e) => setSecret(e.target.value)}
                aria-invalid={fieldErrors.secret ? true : undefined} aria-describedby={fieldErrors.secret ? 'webhook-secret-error' : undefined} />
              <Button onClick={() => setSecret(generateWebhookSecret())}>Generate</Button>
              {secret && <Button onClick={copy}>Copy</Button>}
            </div>
          </Field>
        </div>
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <Switch id="webhook-enabled" checked={enabled} onChange={setEnabled} describedBy="webhook-enabled-hint" />
          <label htmlFor="webhook-enabled" className="whitespace-nowrap text-[13px] text-zinc-800 dark:text-zinc-200">Send deliveries</label>
          <span id="webhook-enabled-hint" className="text-xs text-zinc-500 dark:text-zinc-400">Off: experiments that end are not reported (a test can still be sent).</span>
        </div>
        <FormError message={error} />
        <div className="flex items-center gap-2">
          <Button type="submit" variant="primary" disabled={pending}>{pending ? 'Saving…' : 'Save webhook'}</Button>
          <Button onClick={() => void test()} disabled={!webhook || testing}
            title={webhook ? 'POST a signed webhook.test event now' : 'Save the webhook first'}>
            {testing ? 'Sending…' : 'Send test'}
          </Button>
        </div>
      </form>
      <div className="space-y-2 pt-2">
        <h3 className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Recent deliveries</h3>
        <WebhookDeliveriesTable deliveries={deliveries} />
      </div>
    </Section>
  );
}
