import './Meter.css';

/** Slots in use out of a capacity: a native `<meter>` (announced as a value) plus the numbers. */
export function Meter({ value, max, label }: { value: number; max: number; label: string }) {
  const high = Math.max(1, Math.ceil(max * 0.8));
  return (
    <span className="meter">
      <meter value={value} min={0} max={Math.max(max, 1)} high={high} optimum={0} aria-label={label} />
      <span className="meter-text">
        {value} / {max}
      </span>
    </span>
  );
}
