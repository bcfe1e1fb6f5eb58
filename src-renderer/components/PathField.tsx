/** A file or folder for main to read or write: a native dialog in the app, a typed path in the host's browser tab. */

export function ChosenPath(props: {
  id: string;
  label: string;
  button: string;
  value: string | null;
  title: string | null;
  empty: string;
  disabled: boolean;
  onChoose: () => void;
  hint?: string;
}) {
  const { id } = props;
  return (
    <div className="field">
      <span className="label" id={`${id}-label`}>
        {props.label}
      </span>
      <div className="picker">
        <button
          type="button"
          onClick={props.onChoose}
          disabled={props.disabled}
          aria-labelledby={`${id}-label ${id}-button`}
          aria-describedby={`${id}-name`}
          id={`${id}-button`}
        >
          {props.button}
        </button>
        <span id={`${id}-name`} className={props.value ? 'chosen' : 'chosen empty'} title={props.title ?? undefined}>
          {props.value ?? props.empty}
        </span>
      </div>
      {props.hint && <p className="hint">{props.hint}</p>}
    </div>
  );
}

/** The browser version has no native dialog that could give main a path: the creator types it. */
export function TypedPath(props: {
  id: string;
  label: string;
  placeholder: string;
  value: string | null;
  disabled: boolean;
  onChange: (value: string) => void;
  hint?: string;
}) {
  return (
    <div className="field">
      <label className="label" htmlFor={`${props.id}-path`}>
        {props.label}
      </label>
      <input
        id={`${props.id}-path`}
        type="text"
        value={props.value ?? ''}
        placeholder={props.placeholder}
        disabled={props.disabled}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.hint && <p className="hint">{props.hint}</p>}
    </div>
  );
}
