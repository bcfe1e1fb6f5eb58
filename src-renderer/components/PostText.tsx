import { useRef, useState } from 'react';

/**
 * A platform's post text (caption draft and hashtags) with one-click Copy. Where the
 * clipboard is refused (no permission, a page without it) the text is selected instead,
 * one Ctrl+C away. The outcome is said in a polite live region as well as shown.
 */
export function PostText({ text }: { text: string }) {
  const box = useRef<HTMLPreElement>(null);
  // Counted, so a second Copy replaces the message node and is announced again.
  const [said, setSaid] = useState<{ message: string; count: number }>({ message: '', count: 0 });
  const say = (message: string): void => setSaid(({ count }) => ({ message, count: count + 1 }));

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      say('Copied');
    } catch {
      const selection = window.getSelection();
      if (box.current && selection) selection.selectAllChildren(box.current);
      say('Copying was not allowed here: the text is selected, press Ctrl+C (⌘C on a Mac) to copy it.');
    }
  };

  return (
    <div className="post-text">
      <pre ref={box} className="kit-pre">
        {text.trimEnd()}
      </pre>
      <div className="copy-row">
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <p className="copy-status" aria-live="polite">
          <span key={said.count}>{said.message}</span>
        </p>
      </div>
    </div>
  );
}
