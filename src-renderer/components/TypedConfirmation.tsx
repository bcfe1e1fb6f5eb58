/**
 * The field and button of an action that cannot be undone, confirmed by typing a phrase
 * (Delete everything, Delete my account): the button stays disabled until the phrase
 * matches, whatever the case or the spaces around it.
 */
function typedPhraseMatches(typed: string, phrase: string): boolean {
  return typed.trim().toLowerCase() === phrase;
}

export function TypedConfirmation(props: { id: string; phrase: string; typed: string; onTyped: (typed: string) => void; busy: boolean; action: string; busyAction?: string }) {
  const { id, phrase, typed, busy } = props;
  return (
    <>
      <div className="field narrow">
        <label className="label" htmlFor={id}>
          Type <strong>{phrase}</strong> to confirm
        </label>
        <input id={id} type="text" value={typed} autoComplete="off" spellCheck={false} onChange={(event) => props.onTyped(event.target.value)} />
      </div>
      <div className="button-row">
        <button type="submit" className="danger" disabled={!typedPhraseMatches(typed, phrase) || busy}>
          {busy && props.busyAction ? props.busyAction : props.action}
        </button>
      </div>
    </>
  );
}
