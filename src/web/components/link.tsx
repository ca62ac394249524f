import type { ReactNode } from 'react';
import { hrefOf, navigate } from '../router.js';

/** An in-app link: a real <a href> (middle-click, copy link work) that navigates without a reload. */
export function Link(props: { to: string; params?: Record<string, string | number | undefined>; children: ReactNode; className?: string }) {
  const href = hrefOf(props.to, props.params ?? {});
  return (
    <a
      href={href}
      className={props.className}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(props.to, props.params ?? {});
      }}
    >
      {props.children}
    </a>
  );
}
