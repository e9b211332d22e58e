import { coreChannelNames, type CoreChannelName } from '../../../shared/ipc/contract';
import type { FeatureHandlers, HandlerMap } from './context';

/**
 * Joins the features' handler maps into one. A channel handled twice, or not at all, is a
 * start-up error (the type of `HandlerMap` already catches most of it at compile time).
 */
export function joinHandlers(...features: FeatureHandlers[]): HandlerMap {
  const joined: Partial<Record<CoreChannelName, unknown>> = {};
  for (const feature of features) {
    for (const name of Object.keys(feature) as CoreChannelName[]) {
      if (name in joined) throw new Error(`IPC channel ${name} is registered twice`);
      joined[name] = feature[name];
    }
  }
  const missing = coreChannelNames.filter((name) => !(name in joined));
  if (missing.length > 0) throw new Error(`IPC channels without a handler: ${missing.join(', ')}`);
  return joined as HandlerMap;
}
