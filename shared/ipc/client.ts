import type { HavenEvent } from '../domain/types';
import { channelNames, type ChannelName, type InputOf, type ResultOf } from './contract';
import { HavenError, type IpcResult } from './errors';

/**
 * The raw bridge the page receives: from the preload (Electron) or from the e2e harness
 * (a Playwright binding). It carries plain data only, so it survives contextBridge cloning.
 */
export interface HavenBridge {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  onEvent(listener: (event: HavenEvent) => void): () => void;
}

type FeatureOf<C> = C extends `${infer F}:${string}` ? F : never;
type VerbOf<C, F extends string> = C extends `${F}:${infer V}` ? V : never;
type Call<C extends ChannelName> =
  Record<string, never> extends InputOf<C>
    ? (input?: InputOf<C>) => Promise<ResultOf<C>>
    : (input: InputOf<C>) => Promise<ResultOf<C>>;

/** `haven.auth.login({ … })`: one method per channel, grouped by feature. */
export type HavenClient = {
  [F in FeatureOf<ChannelName>]: {
    [V in VerbOf<ChannelName, F>]: `${F}:${V}` extends ChannelName ? Call<`${F}:${V}`> : never;
  };
} & {
  onEvent(listener: (event: HavenEvent) => void): () => void;
};

/** Builds the typed client over a bridge; a refused call rejects with a HavenError. */
export function createClient(bridge: HavenBridge): HavenClient {
  const client: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const name of channelNames) {
    const [feature, verb] = name.split(':') as [string, string];
    client[feature] ??= {};
    client[feature][verb] = async (input?: unknown) => {
      const result = await bridge.invoke(name, input ?? {});
      if (!result.ok) throw HavenError.fromIpcError(result.error);
      return result.value;
    };
  }
  return Object.assign(client, {
    onEvent: (listener: (event: HavenEvent) => void) => bridge.onEvent(listener),
  }) as unknown as HavenClient;
}
