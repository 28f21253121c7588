import { useId, type ReactNode } from 'react';

import './Section.css';

/** A titled region of a page (`<section aria-labelledby>`), with optional actions by the title. */
export function Section({
  title,
  actions,
  children,
  level = 2,
  className,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  level?: 2 | 3;
  className?: string;
}) {
  const id = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className={['section', className ?? ''].filter(Boolean).join(' ')} aria-labelledby={id}>
      <div className="section-head">
        <Heading id={id} className="section-title">
          {title}
        </Heading>
        {actions ? <div className="section-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

/** A page's title line and its actions. */
export function PageHeader({ title, children, meta }: { title: ReactNode; children?: ReactNode; meta?: ReactNode }) {
  return (
    <div className="page-header">
      <div className="page-heading">
        <h1>{title}</h1>
        {meta ? <div className="page-meta">{meta}</div> : null}
      </div>
      {children ? <div className="page-actions">{children}</div> : null}
    </div>
  );
}
