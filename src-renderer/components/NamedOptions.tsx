/** The `<option>`s of a select over a fixed list of values, each shown by its display name. */
export function NamedOptions<T extends string>({ values, names }: { values: readonly T[]; names: Record<T, string> }) {
  return (
    <>
      {values.map((value) => (
        <option key={value} value={value}>
          {names[value]}
        </option>
      ))}
    </>
  );
}
