import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import { MAX_VOICE_SECONDS } from '../../src-shared/limits.js';
import { canRecordVoice, formatClock, RECORDER_PROBLEMS, RecorderError, startVoiceRecording, type VoiceRecording } from '../voice-recording.js';

/** How often the clock and the level meter move while recording: smooth enough to watch, cheap to render. */
const TICK_MS = 100;

type Phase = 'idle' | 'starting' | 'recording';

function sentenceOf(error: unknown): string {
  if (error instanceof RecorderError) return error.message;
  // Not a way recording is known to fail: a bug, kept for the console; the creator reads the general sentence.
  console.error(error);
  return RECORDER_PROBLEMS.failed;
}

/** "6 minutes", "90 seconds": the longest take, in words. */
function limitInWords(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} minutes` : `${seconds} seconds`;
}

/**
 * Records the creator's voice with the microphone. The take goes to `onRecorded` as a
 * file, exactly like a chosen one; unmounting (the option turned off, another screen)
 * ends a recording in progress and lets go of the microphone.
 */
export function VoiceRecorder({ onRecorded, disabled = false, maxSeconds = MAX_VOICE_SECONDS }: { onRecorded: (file: File) => void; disabled?: boolean; maxSeconds?: number }) {
  const [supported] = useState(canRecordVoice);
  const [phase, setPhase] = useState<Phase>('idle');
  const [seconds, setSeconds] = useState(0);
  const [level, setLevel] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const live = useRef<VoiceRecording | null>(null);
  const mounted = useRef(false);
  // Updated after each commit, not during render: a render React throws away must not change it.
  const deliver = useRef(onRecorded);
  useLayoutEffect(() => {
    deliver.current = onRecorded;
  });

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      live.current?.discard();
      live.current = null;
    };
  }, []);

  useEffect(() => {
    if (phase !== 'recording') return;
    const timer = setInterval(() => {
      if (!live.current) return;
      setSeconds(live.current.elapsed());
      setLevel(live.current.level());
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [phase]);

  const start = async (): Promise<void> => {
    if (phase !== 'idle' || disabled) return;
    setProblem(null);
    setNote('');
    setSeconds(0);
    setLevel(null);
    setPhase('starting');
    let capture: VoiceRecording;
    try {
      capture = await startVoiceRecording({ maxSeconds });
    } catch (error) {
      if (!mounted.current) return;
      setProblem(sentenceOf(error));
      return setPhase('idle');
    }
    if (!mounted.current) return capture.discard();
    live.current = capture;
    setLevel(capture.level());
    setPhase('recording');
    try {
      const take = await capture.finished;
      if (take && mounted.current) {
        setSeconds(take.seconds);
        if (take.reachedLimit) setNote(`Recording stopped at ${formatClock(maxSeconds)}, the longest a video’s voice can be.`);
        deliver.current(take.file);
      }
    } catch (error) {
      if (mounted.current) setProblem(sentenceOf(error));
    } finally {
      if (live.current === capture) live.current = null;
      if (mounted.current) setPhase('idle');
    }
  };

  if (!supported) {
    return <p className="hint">Recording with a microphone is not available in this window: choose a recording file instead.</p>;
  }

  const recording = phase === 'recording';
  const describedBy = problem ? 'voice-recorder-error voice-recorder-hint' : 'voice-recorder-hint';
  return (
    <div className="voice-recorder">
      <div className="recorder-controls">
        {/* One button that turns from Record into Stop and back, so keyboard focus stays on it throughout. */}
        <button
          type="button"
          className={recording ? 'record-button recording' : 'record-button'}
          disabled={disabled && !recording}
          // Not `disabled` while the microphone is asked for: a disabled button drops keyboard focus.
          aria-disabled={phase === 'starting' || undefined}
          aria-describedby={recording ? undefined : describedBy}
          onClick={() => (recording ? live.current?.stop() : void start())}
        >
          <span className="record-mark" aria-hidden="true" />
          {recording ? 'Stop' : 'Record'}
        </button>
        {recording && (
          <>
            <span className="record-clock" role="timer" aria-label="Recording time">
              {formatClock(seconds)} / {formatClock(maxSeconds)}
            </span>
            {level !== null && (
              <div className="level-meter" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)}>
                <span style={{ '--level': level } as CSSProperties} />
              </div>
            )}
          </>
        )}
      </div>
      <p className="hint" id="voice-recorder-hint">
        Or record yourself with the microphone, up to {limitInWords(maxSeconds)}.
      </p>
      <p className="hint recorder-status" role="status">
        {phase === 'starting' ? 'Waiting for the microphone…' : note}
      </p>
      {problem && (
        <p className="error" role="alert" id="voice-recorder-error">
          {problem}
        </p>
      )}
    </div>
  );
}
