import type { ButtonHTMLAttributes } from 'react';

import './Button.css';

export type ButtonVariant = 'default' | 'primary' | 'danger' | 'ghost';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'md' | 'sm';
  /** Why the button cannot be used (the key lacks a role): it is disabled and says so on hover. */
  disabledReason?: string | null;
}

/** A real `<button>` (type="button" unless told), so keyboards and screen readers get it free. */
export function Button({
  variant = 'default',
  size = 'md',
  type = 'button',
  className,
  disabledReason,
  disabled,
  ...rest
}: ButtonProps) {
  const classes = ['btn', `btn-${variant}`, size === 'sm' ? 'btn-sm' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  if (!disabledReason) return <button type={type} className={classes} disabled={disabled} {...rest} />;
  // A disabled button gets no pointer events in some browsers, so the wrapper shows the tooltip.
  return (
    <span className="btn-locked" title={disabledReason}>
      <button type={type} className={classes} disabled title={disabledReason} {...rest} />
    </span>
  );
}
