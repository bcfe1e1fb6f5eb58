import { platformName } from '../labels.js';
import { checksInOrder, type RenditionCheckView, type RenditionView } from '../kit-manifest.js';
import { useStores } from '../stores/app-stores.js';
import { CaptionCues } from './CaptionCues.js';
import { KitFileLink, KitText } from './KitText.js';
import { PostText } from './PostText.js';

/** One platform of the export kit: its video and how it measured up, cover, captions, post text and upload steps. */
export function RenditionPanel({ rendition, language }: { rendition: RenditionView; language: string }) {
  const { result } = useStores();
  const url = result.getState().urlOf;
  const name = platformName(rendition.platform);
  const vtt = rendition.captions.vtt;

  return (
    <div className="rendition">
      <div className="rendition-top">
        <div className="rendition-media">
          {rendition.video ? (
            <video className="kit-video" controls preload="metadata" src={url(rendition.video.file)} aria-label={`${name} video`}>
              {/* Burned-in captions are in the picture already; a second set would cover them. */}
              {vtt && !rendition.burnedCaptions && <track kind="captions" src={url(vtt.file)} srcLang={language} label="Captions" />}
            </video>
          ) : (
            <p className="hint">The {name} video is missing from this kit.</p>
          )}
        </div>
        <div className="rendition-info">
          <dl className="facts">
            <dt>Size</dt>
            <dd>
              {rendition.width}×{rendition.height}
            </dd>
            <dt>Frame rate</dt>
            <dd>{rendition.fps} fps</dd>
            <dt>Length</dt>
            <dd>
              {rendition.durationS.toFixed(1)} s{rendition.trimmedToS !== null && `, cut at ${rendition.trimmedToS} s to fit ${name}`}
            </dd>
            <dt>Made</dt>
            <dd>{rendition.method === 'copy' ? 'Copied from the master, without encoding again' : `Encoded for ${name}`}</dd>
            <dt>Captions</dt>
            <dd>{rendition.burnedCaptions ? 'Burned into the picture' : 'As separate files, to upload beside the video'}</dd>
          </dl>
          {rendition.video && (
            <p>
              <KitFileLink kitFile={rendition.video}>Download the {name} video</KitFileLink>
            </p>
          )}
          <RenditionChecks checks={rendition.checks} platform={name} />
        </div>
      </div>

      <div className="kit-sections">
        <section aria-labelledby="kit-post-text">
          <h3 id="kit-post-text">Post text</h3>
          <KitText kitFile={rendition.postText} what="post text">
            {(text) => <PostText text={text} />}
          </KitText>
        </section>

        <section aria-labelledby="kit-upload-steps">
          <h3 id="kit-upload-steps">Upload steps</h3>
          <KitText kitFile={rendition.uploadSteps} what="upload steps">
            {(text) => <UploadSteps text={text} />}
          </KitText>
        </section>

        <section aria-labelledby="kit-cover">
          <h3 id="kit-cover">Cover</h3>
          {rendition.cover ? (
            <figure className="kit-cover">
              <img src={url(rendition.cover.file)} alt={`Cover image for ${name}`} />
              <figcaption>
                <KitFileLink kitFile={rendition.cover}>Download the cover</KitFileLink>
              </figcaption>
            </figure>
          ) : (
            <p className="hint">This kit has no cover for {name}.</p>
          )}
        </section>

        <section aria-labelledby="kit-captions">
          <h3 id="kit-captions">Captions</h3>
          <KitText kitFile={vtt ?? rendition.captions.srt} what="captions">
            {(text) => <CaptionCues source={text} />}
          </KitText>
          <p className="file-links">
            {rendition.captions.srt && <KitFileLink kitFile={rendition.captions.srt}>Download SRT</KitFileLink>}
            {vtt && <KitFileLink kitFile={vtt}>Download WebVTT</KitFileLink>}
          </p>
        </section>
      </div>
    </div>
  );
}

/** The probe's checks against the platform's upload spec; failed ones first, marked in words as well as colour. */
function RenditionChecks({ checks, platform }: { checks: RenditionCheckView[]; platform: string }) {
  const failed = checks.filter((check) => !check.ok).length;
  return (
    <section aria-labelledby="kit-checks">
      <h3 id="kit-checks">Checks</h3>
      <p className={failed > 0 ? 'checks-summary failed' : 'checks-summary'}>
        {checks.length === 0
          ? `This video was not checked against ${platform}'s limits.`
          : failed > 0
            ? `${failed} of ${checks.length} checks failed: ${platform} may refuse or reduce this video.`
            : `All ${checks.length} checks passed for ${platform}.`}
      </p>
      <ul className="check-list">
        {checksInOrder(checks).map((check, index) => (
          <li key={`${index}-${check.name}`} className={check.ok ? 'check-item passed' : 'check-item failed'}>
            <span className="check-mark" aria-hidden="true">
              {check.ok ? '✓' : '!'}
            </span>
            <span>
              <span className="check-state">{check.ok ? 'Passed' : 'Failed'}</span> <span className="check-name">{check.name}</span>
              <span className="visually-hidden">: </span>
              <span className="check-detail">{check.detail}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The kit's numbered steps, "1. Open TikTok…", as an ordered list. */
function UploadSteps({ text }: { text: string }) {
  const steps = text
    .split('\n')
    .map((line) => line.replace(/^\s*\d+[.)]\s*/, '').trim())
    .filter(Boolean);
  if (steps.length === 0) return <p className="hint">This kit has no upload steps.</p>;
  return (
    <ol className="upload-steps">
      {steps.map((step, index) => (
        <li key={index}>{step}</li>
      ))}
    </ol>
  );
}
