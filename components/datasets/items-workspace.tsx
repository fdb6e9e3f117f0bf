'use client';

import { useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { ItemDialog } from './item-dialog';
import { UploadPanel } from './upload-panel';
import type { UploadLimits } from '@/lib/limits';

function UploadIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d="M8 10.5V2.5M5 5.5l3-3 3 3M2.5 10.5v2a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1v-2" />
    </svg>
  );
}

function PlusIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" aria-hidden>
      <path d="M8 3v10M3 8h10" />
    </svg>
  );
}

/**
 * The items toolbar (version picker; Upload file and Add item on the latest version), the upload
 * panel when open, then the server-rendered table passed as children.
 */
export function ItemsWorkspace({ datasetId, editable, uploadOpen, uploadLimits, versionPicker, children }: {
  datasetId: string; editable: boolean; uploadOpen: boolean; uploadLimits: UploadLimits; versionPicker: ReactNode; children: ReactNode;
}) {
  const [open, setOpen] = useState(uploadOpen);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        {versionPicker}
        {editable && (
          <div className="flex items-center gap-2">
            <Button onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-controls="upload">
              <UploadIcon />
              {open ? 'Hide upload' : 'Upload file'}
            </Button>
            <ItemDialog datasetId={datasetId} trigger={<Button variant="primary"><PlusIcon />Add item</Button>} />
          </div>
        )}
      </div>
      {editable && open && (
        <div id="upload" className="scroll-mt-4">
          <UploadPanel datasetId={datasetId} limits={uploadLimits} />
        </div>
      )}
      {children}
    </div>
  );
}
