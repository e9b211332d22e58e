import type { Configuration } from 'electron-builder';

/** Types for electron-builder.config.mjs (see there). */
export function createConfig(inputs: { electronVersion: string; nativeBinding: string }): Configuration;
