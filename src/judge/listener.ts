/**
 * What an HTTP listener may do: redirect to HTTPS, and nothing else. The ELBv2 collector reads an
 * HTTP listener's rules only when its default action already does this; the listener check
 * judges the default action and every rule by it.
 */
import type { ListenerActionFacts } from '../facts/catalogue.js';

/** Whether every action redirects to HTTPS (`#{protocol}` keeps the request's own, HTTP). */
export function redirectsToHttps(actions: readonly ListenerActionFacts[]): boolean {
  return actions.length > 0 && actions.every((a) => a.type === 'redirect' && a.redirect?.protocol?.toUpperCase() === 'HTTPS');
}
