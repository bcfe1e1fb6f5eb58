import type { z } from 'zod';
import type { RequestChannelSpec } from './channel.js';
import { CREATOR_REQUESTS } from './creator-channels.js';
import { DESKTOP_REQUESTS } from './desktop-channels.js';
import { DIAGNOSTICS_REQUESTS } from './diagnostics-channels.js';
import { ENGINE_REQUESTS } from './engine-channels.js';
import { LIBRARY_EVENTS, LIBRARY_REQUESTS } from './library-channels.js';
import { MOTION_REQUESTS } from './motion-channels.js';
import { ACCOUNT_EVENTS, ACCOUNT_REQUESTS } from './account-channels.js';
import { PROVIDER_REQUESTS } from './provider-channels.js';
import { SETTINGS_REQUESTS } from './settings-channels.js';
import { UPDATE_EVENTS, UPDATE_REQUESTS } from './update-channels.js';

/**
 * The one IPC contract between the window and main, for every transport (Electron IPC,
 * the host's WebSocket). Each area declares its channels in its own file; a new area
 * (library, queue…) adds its map here and main's handler map must then cover it, or
 * the typecheck fails.
 */

export const REQUEST_CHANNELS = {
  ...ENGINE_REQUESTS,
  ...DESKTOP_REQUESTS,
  ...LIBRARY_REQUESTS,
  ...CREATOR_REQUESTS,
  ...MOTION_REQUESTS,
  ...SETTINGS_REQUESTS,
  ...PROVIDER_REQUESTS,
  ...ACCOUNT_REQUESTS,
  ...UPDATE_REQUESTS,
  ...DIAGNOSTICS_REQUESTS,
} as const satisfies Record<string, RequestChannelSpec>;

/** Messages main pushes to every connected window, unasked. */
export const EVENT_CHANNELS = {
  ...LIBRARY_EVENTS,
  ...ACCOUNT_EVENTS,
  ...UPDATE_EVENTS,
} as const satisfies Record<string, z.ZodType>;

export type RequestChannels = typeof REQUEST_CHANNELS;
export type RequestChannel = keyof RequestChannels;
export type EventChannels = typeof EVENT_CHANNELS;
export type EventChannel = keyof EventChannels;

/** What the window sends (defaults not yet applied). */
export type RequestPayload<C extends RequestChannel> = z.input<RequestChannels[C]['request']>;
/** What a handler receives: the payload after validation, defaults applied. */
export type ParsedRequest<C extends RequestChannel> = z.output<RequestChannels[C]['request']>;
/** What a handler returns, before main validates and strips it. */
export type ResponseInput<C extends RequestChannel> = z.input<RequestChannels[C]['response']>;
/** What the window receives in `{ ok: true, value }`. */
export type ResponseValue<C extends RequestChannel> = z.output<RequestChannels[C]['response']>;
export type EventInput<E extends EventChannel> = z.input<EventChannels[E]>;
export type EventPayload<E extends EventChannel> = z.output<EventChannels[E]>;

/** `Object.hasOwn`: a channel named `__proto__` or `toString` must not find the prototype's. */
export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && Object.hasOwn(REQUEST_CHANNELS, name);
}

/** Tuple for `invoke(channel, ...args)`: the payload may be left out where the channel takes none. */
export type PayloadArgs<C extends RequestChannel> = undefined extends RequestPayload<C> ? [payload?: RequestPayload<C>] : [payload: RequestPayload<C>];
