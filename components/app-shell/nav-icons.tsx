import type { SVGProps } from 'react';

// Simple 16px stroke icons drawn for this app.
function Icon(props: SVGProps<SVGSVGElement>) {
  return <svg viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden {...props} />;
}

export const DatasetsIcon = () => (
  <Icon>
    <ellipse cx="8" cy="3.5" rx="5.5" ry="2" />
    <path d="M2.5 3.5v9c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2v-9" />
    <path d="M2.5 8c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2" />
  </Icon>
);

export const PlaygroundIcon = () => (
  <Icon>
    <rect x="1.5" y="2.5" width="13" height="11" rx="2" />
    <path d="M6.5 6l3 2-3 2z" />
  </Icon>
);

export const ExperimentsIcon = () => (
  <Icon>
    <path d="M6 1.5h4M6.5 1.5v4.2L2.6 12.4a1.4 1.4 0 0 0 1.2 2.1h8.4a1.4 1.4 0 0 0 1.2-2.1L9.5 5.7V1.5" />
    <path d="M4.2 10h7.6" />
  </Icon>
);

export const SettingsIcon = () => (
  <Icon>
    <path d="M2.5 4.5h6M11.5 4.5h2M2.5 11.5h2M7.5 11.5h6" />
    <circle cx="10" cy="4.5" r="1.5" />
    <circle cx="6" cy="11.5" r="1.5" />
  </Icon>
);

export const LogoMark = () => (
  <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden>
    <rect width="20" height="20" rx="5" className="fill-accent-600 dark:fill-accent-500" />
    <path d="M5.5 13.5l3-4 2.5 2.5 3.5-5" fill="none" stroke="white" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);
