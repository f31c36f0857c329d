import type { ReactNode } from 'react';

// 20×20 line icons drawn for the console (stroke = currentColor, so they follow the theme).
const PATHS: Record<string, ReactNode> = {
  overview: <path d="M3 10.5 10 4l7 6.5M5 9v7h10V9" />,
  tasks: (
    <>
      <rect x="3" y="3.5" width="4" height="13" rx="1" />
      <rect x="8" y="3.5" width="4" height="9" rx="1" />
      <rect x="13" y="3.5" width="4" height="6" rx="1" />
    </>
  ),
  agents: (
    <>
      <circle cx="7.5" cy="7" r="2.5" />
      <path d="M3 16c.6-2.6 2.4-4 4.5-4s3.9 1.4 4.5 4M13 5.2a2.5 2.5 0 0 1 0 4.6M14.5 12.3c1.3.5 2.2 1.8 2.5 3.7" />
    </>
  ),
  leases: (
    <>
      <rect x="4" y="9" width="12" height="8" rx="1.5" />
      <path d="M7 9V6.5a3 3 0 0 1 6 0V9M10 12v2" />
    </>
  ),
  events: <path d="M3 10h3l2-5 4 10 2-5h3" />,
  jobs: (
    <>
      <rect x="3" y="6" width="14" height="10" rx="1.5" />
      <path d="M7.5 6V4.5h5V6M3 10.5h14" />
    </>
  ),
  studio: <path d="M4 16 13.5 6.5l-2-2L2 14v2h2ZM11.5 4.5l2 2 2-2a1.4 1.4 0 0 0-2-2Z" />,
  scheduler: (
    <>
      <circle cx="10" cy="10.5" r="6.5" />
      <path d="M10 7v3.5l2.5 1.5" />
    </>
  ),
  remote: (
    <>
      <rect x="3" y="4" width="14" height="11" rx="1.5" />
      <path d="m6 8 2.5 2L6 12M10.5 12H14M7 17.5h6" />
    </>
  ),
  channels: (
    <>
      <circle cx="4.5" cy="10" r="1.8" />
      <circle cx="15.5" cy="5" r="1.8" />
      <circle cx="15.5" cy="15" r="1.8" />
      <path d="M6.2 9.2 13.8 5.8M6.2 10.8l7.6 3.4" />
    </>
  ),
  settings: (
    <>
      <circle cx="10" cy="10" r="2.5" />
      <path d="M10 2.5v2M10 15.5v2M2.5 10h2M15.5 10h2M4.7 4.7l1.4 1.4M13.9 13.9l1.4 1.4M4.7 15.3l1.4-1.4M13.9 6.1l1.4-1.4" />
    </>
  ),
  sun: (
    <>
      <circle cx="10" cy="10" r="3.5" />
      <path d="M10 2v1.5M10 16.5V18M2 10h1.5M16.5 10H18M4.3 4.3l1 1M14.7 14.7l1 1M4.3 15.7l1-1M14.7 5.3l1-1" />
    </>
  ),
  moon: <path d="M15.5 12.5A6.5 6.5 0 0 1 7.5 4.5a6.5 6.5 0 1 0 8 8Z" />,
  logout: <path d="M8 4H4.5v12H8M12 6.5 15.5 10 12 13.5M15.5 10H8" />,
};

export type IconName = keyof typeof PATHS;

export function Icon({ name, className = 'size-[18px]' }: { name: IconName; className?: string }) {
  return (
    <svg
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      className={className}
    >
      {PATHS[name]}
    </svg>
  );
}
