// Types for driver.mjs, which the unit tests import.
export const DRIVER: string;
export const DRIVER_NODE_API: number;
export function prebuiltAddon(platform?: string, arch?: string): string;
export function compatAddonPath(version?: string): string;
export function needsCompatAddon(): boolean;
export function ensureCompatAddon(): Promise<string>;
