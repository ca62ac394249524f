import type { ReactNode } from 'react';
import type { ApiError } from '../api.js';
import type { Loadable } from '../use-api.js';

/** A placeholder of fixed height while data loads, so the layout does not jump. */
export function Loading(props: { height?: number; label?: string }) {
  return (
    <div className="state loading" style={{ minHeight: props.height ?? 120 }} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {props.label ?? 'Loading…'}
    </div>
  );
}

/** An empty state that says what to do next. */
export function Empty(props: { title: string; children?: ReactNode; height?: number }) {
  return (
    <div className="state empty" style={{ minHeight: props.height ?? 120 }}>
      <strong>{props.title}</strong>
      {props.children ? <div className="muted">{props.children}</div> : null}
    </div>
  );
}

/** An error with the server's message and hint. */
export function ErrorBox(props: { error: ApiError | Error; height?: number }) {
  const hint = (props.error as ApiError).hint;
  return (
    <div className="state error" role="alert" style={{ minHeight: props.height ?? 80 }}>
      <strong>{props.error.message}</strong>
      {hint ? <div className="muted">{hint}</div> : null}
    </div>
  );
}

/** Renders a Loadable: loading placeholder, error box, or `children(data)`. */
export function Load<T>(props: { value: Loadable<T>; height?: number; children: (data: T) => ReactNode }) {
  if (props.value.status === 'loading') return <Loading {...(props.height ? { height: props.height } : {})} />;
  if (props.value.status === 'error') return <ErrorBox error={props.value.error} />;
  return <>{props.children(props.value.data)}</>;
}
