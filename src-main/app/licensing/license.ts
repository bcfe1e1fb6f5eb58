import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { verifyEntitlement } from '../../../src-shared/entitlement-token.js';
import { monthStart, PROJECTS_PER_MONTH, tierRules, type EntitlementPayload } from '../../../src-shared/licensing.js';
import type { Tier } from '../../../src-shared/providers.js';
import { getSetting, setSetting, type Library } from '../library/index.js';

/**
 * What this copy of the app may do, decided in main from the entitlement the licensing
 * service signed: checked with the bundled public key on every read, so it holds with no
 * network until its validUntil, and a tampered or expired token falls back to free with a
 * sentence saying why. The renderer only ever sees the conclusion.
 */

export const TOKEN_SETTING = 'licensing.entitlement';

const here = path.dirname(fileURLToPath(import.meta.url));

const KEY_OVERRIDE = 'TALKINGPHOTO_ENTITLEMENT_PUBLIC_KEY';

let packagedApp = false;

/**
 * Set by the Electron door from `app.isPackaged` (the engine never imports electron). A
 * packaged app verifies plans with the key it ships and nothing else: otherwise anyone
 * could sign their own Pro plan and point the app at their key with an environment
 * variable. The variable is also taken out of the environment, so render processes and
 * other children started later do not inherit it.
 */
export function setPackagedApp(packaged: boolean, env: NodeJS.ProcessEnv = process.env): void {
  packagedApp = packaged;
  if (packaged) delete env[KEY_OVERRIDE];
}

/** Whether setPackagedApp said this is the packaged desktop app (the licensing URL must then be https). */
export function isPackagedApp(): boolean {
  return packagedApp;
}

/**
 * The service's public key: `TALKINGPHOTO_ENTITLEMENT_PUBLIC_KEY` (a PEM, for a test, the
 * CLI or a development build against a self-hosted service; never in a packaged app),
 * else the one shipped in resources/licensing/.
 */
export function entitlementPublicKey(env: NodeJS.ProcessEnv = process.env, packaged: boolean = packagedApp): string {
  const override = packaged ? undefined : env[KEY_OVERRIDE]?.trim();
  if (override) return override.replace(/\\n/g, '\n');
  const candidates = [path.resolve(here, '../../../resources/licensing/entitlement-public.pem'), path.resolve(here, '../../../../../resources/licensing/entitlement-public.pem')];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`the entitlement public key is missing from ${candidates.join(' or ')}`);
  return readFileSync(found, 'utf8');
}

export interface License {
  tier: Tier;
  /** Projects a month; null unlimited. */
  projectsPerMonth: number | null;
  watermark: boolean;
  /** Whose plan it is; null on the free plan with no account's entitlement. */
  email: string | null;
  validUntil: string | null;
  /** Why a stored entitlement was not honoured, for Settings → Account. */
  problem: string | null;
}

const FREE: License = { ...tierRules('free'), email: null, validUntil: null, problem: null };

export function readLicense(library: Library, now: number = Date.now(), publicKey: string = entitlementPublicKey()): License {
  const token = getSetting(library, TOKEN_SETTING);
  if (typeof token !== 'string' || token === '') return FREE;
  const check = verifyEntitlement(token, publicKey, now);
  if (check.ok) return licenseOf(check.payload);
  if (check.reason === 'expired') {
    return {
      ...FREE,
      problem: `Your ${check.payload?.tier ?? ''} plan could not be confirmed since ${check.payload?.validUntil.slice(0, 10)}: sign in with a connection to refresh it. Until then the free plan applies.`,
    };
  }
  return { ...FREE, problem: 'The saved plan on this computer is not valid (it was changed or damaged): sign in again to refresh it. Until then the free plan applies.' };
}

function licenseOf(payload: EntitlementPayload): License {
  return { tier: payload.tier, projectsPerMonth: payload.projectsPerMonth, watermark: payload.watermark, email: payload.email, validUntil: payload.validUntil, problem: null };
}

/** Keeps a token the service issued; refused (and not kept) when it does not verify now. */
export function storeEntitlement(library: Library, token: string, now: number = Date.now(), publicKey: string = entitlementPublicKey()): License {
  const check = verifyEntitlement(token, publicKey, now);
  if (!check.ok) throw new Error(`the licensing service sent an entitlement that does not verify (${check.reason})`);
  setSetting(library, TOKEN_SETTING, token);
  return licenseOf(check.payload);
}

export function forgetEntitlement(library: Library): void {
  setSetting(library, TOKEN_SETTING, undefined);
}

export { monthStart };

/** Projects made since the month began (deleted ones still count: the work was done). */
export function projectsThisMonth(library: Library, now: number = Date.now()): number {
  const created = library.sqlite.prepare("SELECT count(*) AS n FROM usage_events WHERE kind = 'project_created' AND created_at >= ?").get(monthStart(now)) as { n: number };
  return created.n;
}

/** SPEC §5: the month's projects are used up. Says what the creator can do; their draft stays. */
export function assertPlanAllowsProject(library: Library, now: number = Date.now(), publicKey?: string): void {
  const license = readLicense(library, now, publicKey);
  if (license.projectsPerMonth === null) return;
  const used = projectsThisMonth(library, now);
  if (used < license.projectsPerMonth) return;
  const next = new Date(monthStart(now));
  next.setUTCMonth(next.getUTCMonth() + 1);
  throw new TalkingPhotoError(
    'PLAN_LIMIT',
    `Your ${license.tier} plan's ${license.projectsPerMonth} videos for this month are made: upgrade in Settings, Account, or wait until ${next.toISOString().slice(0, 10)}. Your draft is kept.`,
  );
}

export function noteProjectCreated(library: Library, projectId: string, now: number = Date.now()): void {
  library.sqlite.prepare("INSERT INTO usage_events (kind, project_id, cost_usd, created_at) VALUES ('project_created', ?, 0, ?)").run(projectId, now);
}

/** A video the plan allowed, counted from the moment it was claimed. */
export interface VideoClaim {
  license: License;
  /** This month's videos, this one included. */
  used: number;
  /** The video was not made (bad input, a failure, cancelled): it no longer counts. */
  release(): void;
}

/**
 * For renders outside the library (`tp render`, `tp demo`): the plan's check and the count
 * in one write transaction, so two renders started together cannot both take the month's
 * last video. The count is the app's own (`project_created`, with no project to point at),
 * so the app, a batch and the command line share one allowance.
 */
export function claimVideo(library: Library, via: string, now: number = Date.now(), publicKey?: string): VideoClaim {
  const { license, eventId, used } = library.transaction(() => {
    assertPlanAllowsProject(library, now, publicKey);
    const inserted = library.sqlite.prepare("INSERT INTO usage_events (kind, project_id, cost_usd, details, created_at) VALUES ('project_created', NULL, 0, ?, ?)").run(JSON.stringify({ via }), now);
    return { license: readLicense(library, now, publicKey), eventId: Number(inserted.lastInsertRowid), used: projectsThisMonth(library, now) };
  });
  let released = false;
  return {
    license,
    used,
    release: () => {
      if (released) return;
      released = true;
      library.sqlite.prepare('DELETE FROM usage_events WHERE id = ?').run(eventId);
    },
  };
}

export { PROJECTS_PER_MONTH };
